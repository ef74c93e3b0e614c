using System.Collections.Concurrent;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Runtime;

/// <summary>
/// What is true now of this director's real servers: a <see cref="RealServerState"/> for each checked one, and since
/// when each one in maintenance has been so. The health check scheduler is its only writer (it adds, reconfigures
/// and removes servers as versions come); the desired table reads it as <see cref="IRealServerAvailability"/> and the
/// status report through <see cref="Status"/>. Thread-safe.
/// </summary>
internal sealed class RealServerStates(TimeProvider time) : IRealServerAvailability
{
    private readonly ConcurrentDictionary<(string VirtualServer, string RealServer), RealServerState> _checked = new();
    private readonly ConcurrentDictionary<(string VirtualServer, string RealServer), DateTimeOffset> _maintenance = new();
    // Every server of the version followed, checked or in maintenance, in configuration order: the report's order.
    private volatile IReadOnlyList<CheckedServer> _servers = [];

    /// <inheritdoc />
    public RealServerAvailability Of(string virtualServer, string realServer) =>
        _checked.TryGetValue((virtualServer, realServer), out var state) ? state.Availability : RealServerAvailability.AsConfigured;

    /// <summary>Every server's health for the status report, in configuration order: checked ones as their checks say, and those in maintenance.</summary>
    public EquatableArray<RealServerHealthStatus> Status()
    {
        var report = new List<RealServerHealthStatus>();
        foreach (var server in _servers)
        {
            if (_maintenance.TryGetValue(server.Key, out var since))
            {
                report.Add(new RealServerHealthStatus(server.VirtualServer, server.RealServer, HealthState.Maintenance, 0, "removed by the operator", since));
            }
            else if (_checked.TryGetValue(server.Key, out var state))
            {
                report.Add(state.Status());
            }
        }
        return [.. report];
    }

    /// <summary>Starts following a new server; for the scheduler only.</summary>
    internal RealServerState Add(CheckedServer server) => _checked[server.Key] = new RealServerState(server, time.GetUtcNow());

    /// <summary>Forgets a server no longer checked; for the scheduler only.</summary>
    internal void Remove((string VirtualServer, string RealServer) key) => _checked.TryRemove(key, out _);

    /// <summary>The servers of the version followed now (checked and in maintenance); for the scheduler only.</summary>
    internal void Follow(IReadOnlyList<CheckedServer> servers)
    {
        var inMaintenance = servers.Where(s => s.Maintenance).Select(s => s.Key).ToHashSet();
        foreach (var key in inMaintenance)
        {
            _maintenance.TryAdd(key, time.GetUtcNow());
        }
        foreach (var key in _maintenance.Keys.Where(k => !inMaintenance.Contains(k)))
        {
            _maintenance.TryRemove(key, out _);
        }
        _servers = servers;
    }
}
