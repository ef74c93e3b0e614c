using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Web.Agents;

/// <summary>What the dashboard knows about one director's agent.</summary>
/// <param name="Name">The director.</param>
/// <param name="Connected">True while its agent is connected.</param>
/// <param name="LastContact">When it last said anything.</param>
/// <param name="AppliedVersion">The version it reports in force (0 before any).</param>
/// <param name="LastError">Why its last version failed, or null.</param>
/// <param name="Status">Its last status report (the live table), or null before the first.</param>
/// <param name="Dashboard">
/// With several dashboards on one store: the dashboard that heard this (host and process), when it is another one;
/// null when the director reports here.
/// </param>
public sealed record AgentView(string Name, bool Connected, DateTimeOffset LastContact, int AppliedVersion, string? LastError, DirectorStatus? Status,
    string? Dashboard = null);
