using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Runtime;

/// <summary>
/// The configuration version in force on this director, as the table reconciler publishes it (on a
/// <see cref="Core.Concurrency.LatestValue{T}"/>) whenever a new one is applied; the health checks and the
/// redundancy loop follow it. Immutable: configuration records are what was configured, never rewritten.
/// </summary>
/// <param name="Version">The version's number.</param>
/// <param name="Running">False after Stop: the director withdraws its services.</param>
/// <param name="Config">The configuration.</param>
internal sealed record AppliedVersion(int Version, bool Running, LvsConfig Config);
