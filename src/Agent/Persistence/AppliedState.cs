using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Persistence;

/// <summary>What the agent last applied, kept in its state directory so a restart needs no dashboard.</summary>
/// <param name="Version">The configuration version.</param>
/// <param name="Running">False after Stop: the director withdraws its services and stays stopped until Start.</param>
/// <param name="Config">The configuration.</param>
/// <param name="Managed">The services this agent created, the only ones it may delete.</param>
internal sealed record AppliedState(int Version, bool Running, LvsConfig Config, EquatableArray<ManagedService> Managed);

/// <summary>A service key in a form that survives JSON: protocol, address text, port, mark, family.</summary>
internal sealed record ManagedService(string Protocol, string? Address, int Port, uint FirewallMark, string Family);
