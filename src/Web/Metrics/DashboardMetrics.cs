using Prometheus;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Configuration;

namespace PiranhaNet.Web.Metrics;

/// <summary>
/// What <c>GET /metrics</c> exposes, in the Prometheus text format through prometheus-net (a maintained library: its
/// families, labels, histograms and text writer follow the exposition format, so none of it is written by hand here).
/// Names follow Prometheus's rules: the <c>piranhanet_</c> prefix, base units (bytes, seconds), <c>_total</c> for
/// counters, labels <c>director</c>, <c>virtual_server</c>, <c>real_server</c>. The directors' figures are read from
/// their last reports when Prometheus scrapes (<see cref="CollectAsync"/>); the dashboard's own (saves, API requests,
/// apply durations, state changes) are counted as they happen. Totals a director reports can start again from zero;
/// <see cref="MonotonicCounters"/> keeps the exported counters from going backwards.
/// </summary>
public sealed class DashboardMetrics
{
    private static readonly string[] s_directions = ["in", "out"];

    private readonly AgentRegistry _agents;
    private readonly SavedVersions _saved;
    private readonly ApplyTimings _timings;
    private readonly IServiceScopeFactory _scopes;
    private readonly MonotonicCounters _totals = new();
    private readonly CollectedSeries<Counter.Child> _serviceConnections, _servicePackets, _serviceBytes;
    private readonly CollectedSeries<Gauge.Child> _serviceActive, _serviceInactive;
    private readonly CollectedSeries<Counter.Child> _serverConnections, _serverPackets, _serverBytes;
    private readonly CollectedSeries<Gauge.Child> _serverActive, _serverInactive, _configuredWeight, _effectiveWeight, _health;
    private readonly CollectedSeries<Gauge.Child> _connected, _info, _state, _appliedVersion, _roundTrip, _pathUp, _groupHeld, _condition, _quorum;
    private readonly Gauge _configVersion;
    private readonly Counter _saves, _apiRequests, _stateChanges;
    private readonly Histogram _applyDuration;

    /// <summary>The metrics, in a registry of their own (no process or runtime metrics of the library's defaults).</summary>
    public DashboardMetrics(AgentRegistry agents, SavedVersions saved, ApplyTimings timings, IServiceScopeFactory scopes)
    {
        (_agents, _saved, _timings, _scopes) = (agents, saved, timings, scopes);
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        string[] service = ["director", "virtual_server"], server = ["director", "virtual_server", "real_server"];
        _serviceConnections = Series(factory.CreateCounter("piranhanet_virtual_server_connections_total", "Connections a virtual server has taken.", service));
        _servicePackets = Series(factory.CreateCounter("piranhanet_virtual_server_packets_total", "Packets of a virtual server's connections, in (to the real servers) or out.", [.. service, "direction"]));
        _serviceBytes = Series(factory.CreateCounter("piranhanet_virtual_server_bytes_total", "Bytes of a virtual server's connections, in (to the real servers) or out.", [.. service, "direction"]));
        _serviceActive = Series(factory.CreateGauge("piranhanet_virtual_server_active_connections", "Established connections of a virtual server now.", service));
        _serviceInactive = Series(factory.CreateGauge("piranhanet_virtual_server_inactive_connections", "A virtual server's other connections now (opening, closing, UDP).", service));
        _serverConnections = Series(factory.CreateCounter("piranhanet_real_server_connections_total", "Connections a real server has taken.", server));
        _serverPackets = Series(factory.CreateCounter("piranhanet_real_server_packets_total", "Packets of a real server's connections, in or out.", [.. server, "direction"]));
        _serverBytes = Series(factory.CreateCounter("piranhanet_real_server_bytes_total", "Bytes of a real server's connections, in or out.", [.. server, "direction"]));
        _serverActive = Series(factory.CreateGauge("piranhanet_real_server_active_connections", "Established connections of a real server now.", server));
        _serverInactive = Series(factory.CreateGauge("piranhanet_real_server_inactive_connections", "A real server's other connections now.", server));
        _configuredWeight = Series(factory.CreateGauge("piranhanet_real_server_configured_weight", "A real server's weight as configured.", server));
        _effectiveWeight = Series(factory.CreateGauge("piranhanet_real_server_effective_weight", "A real server's weight in the director's table now (0 drained or quiesced, less while ramping).", server));
        _health = Series(factory.CreateGauge("piranhanet_real_server_health", "1 for a real server's health state now, 0 for the others.", [.. server, "state"]));
        _connected = Series(factory.CreateGauge("piranhanet_director_connected", "1 while a director's agent is connected.", "director"));
        _info = Series(factory.CreateGauge("piranhanet_director_info", "1 for each director, with the dataplane its agent runs.", "director", "dataplane"));
        _state = Series(factory.CreateGauge("piranhanet_director_state", "1 for a director's state now (by its role in the pair), 0 for the others.", "director", "role", "state"));
        _appliedVersion = Series(factory.CreateGauge("piranhanet_director_applied_version", "The configuration version in force on a director.", "director"));
        _roundTrip = Series(factory.CreateGauge("piranhanet_heartbeat_round_trip_seconds", "Round trip of a director's heartbeats to its peer, by path.", "director", "path"));
        _pathUp = Series(factory.CreateGauge("piranhanet_heartbeat_path_up", "1 while a heartbeat path to the peer carries heartbeats.", "director", "path"));
        _groupHeld = Series(factory.CreateGauge("piranhanet_group_held", "In a cluster, 1 while a director holds a failover group's addresses, 0 for the other groups.", "director", "group"));
        _condition = Series(factory.CreateGauge("piranhanet_director_condition", "In a cluster, 1 for what a director is doing as a member now (online, paused, draining, stopped, fault), 0 for the others.", "director", "condition"));
        _quorum = Series(factory.CreateGauge("piranhanet_director_quorum", "In a cluster, 1 while a director hears a majority of the directors (or quorum does not apply).", "director"));
        _stateChanges = factory.CreateCounter("piranhanet_director_state_changes_total", "A director's changes of state (failovers among them), by the state it went to.", "director", "state");
        _applyDuration = factory.CreateHistogram("piranhanet_director_apply_duration_seconds", "From the dashboard sending a version to a director's agent to its answer that it is in force.",
            new HistogramConfiguration { LabelNames = ["director"], Buckets = Histogram.ExponentialBuckets(0.005, 2, 12) });
        _configVersion = factory.CreateGauge("piranhanet_config_version", "The newest configuration version.");
        _saves = factory.CreateCounter("piranhanet_config_saves_total", "Configuration versions saved since the dashboard started.");
        _apiRequests = factory.CreateCounter("piranhanet_api_requests_total", "Requests to the HTTP API, by response status.", "status");
        Registry.AddBeforeCollectCallback(CollectAsync);
    }

    /// <summary>The registry the metrics endpoint writes.</summary>
    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    /// <summary>Counts one API request by its response status.</summary>
    public void CountApiRequest(int status) => _apiRequests.WithLabels(status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();

    /// <summary>Counts a director's newly stored changes of state.</summary>
    public void CountStateChanges(string director, IEnumerable<FailoverRecord> changes)
    {
        foreach (var change in changes)
        {
            _stateChanges.WithLabels(director, Label(change.To)).Inc();
        }
    }

    // Everything the directors last reported, as the scrape finds it.
    private async Task CollectAsync(CancellationToken cancellationToken)
    {
        var latest = _saved.Current ?? await LatestAsync(cancellationToken);
        _configVersion.Set(latest.Info.Serial);
        _saves.IncTo(_saved.Count);
        foreach (var (director, duration) in _timings.Drain())
        {
            _applyDuration.WithLabels(director).Observe(duration.TotalSeconds);
        }
        var names = new ServiceNames(latest.Config);
        foreach (var view in _agents.Views.Values)
        {
            Collect(view, names);
        }
        _totals.Forget(key => !_agents.Views.ContainsKey(key[..key.IndexOf('\u001f', StringComparison.Ordinal)]));
        foreach (var series in new object[] { _serviceConnections, _servicePackets, _serviceBytes, _serviceActive, _serviceInactive, _serverConnections, _serverPackets,
            _serverBytes, _serverActive, _serverInactive, _configuredWeight, _effectiveWeight, _health, _connected, _info, _state, _appliedVersion, _roundTrip, _pathUp,
            _groupHeld, _condition, _quorum })
        {
            switch (series)
            {
                case CollectedSeries<Counter.Child> counters: counters.EndCollection(); break;
                case CollectedSeries<Gauge.Child> gauges: gauges.EndCollection(); break;
            }
        }
    }

    private void Collect(AgentView view, ServiceNames names)
    {
        var director = view.Name;
        _connected.With(director).Set(view.Connected ? 1 : 0);
        _appliedVersion.With(director).Set(view.AppliedVersion);
        if (view.Status is not { } status)
        {
            return;
        }
        _info.With(director, status.Dataplane).Set(1);
        if (status.Redundancy is { } redundancy)
        {
            var role = redundancy.Role?.ToString().ToLowerInvariant() ?? "none";
            foreach (var state in Enum.GetValues<DirectorState>())
            {
                _state.With(director, role, Label(state)).Set(redundancy.State == state ? 1 : 0);
            }
            // A cluster director has paths to every other director: the path label names the peer too ("lvs2/public").
            var paths = redundancy.Cluster is { } cluster
                ? cluster.Peers.SelectMany(peer => peer.Paths.Select(path => (Label: $"{peer.Name}/{path.Name}", Path: path)))
                : redundancy.Paths.Select(path => (Label: path.Name, Path: path));
            foreach (var (label, path) in paths)
            {
                _pathUp.With(director, label).Set(path.Up ? 1 : 0);
                if (path.RoundTripMilliseconds is { } milliseconds)
                {
                    _roundTrip.With(director, label).Set(milliseconds / 1000);
                }
            }
            if (redundancy.Cluster is { } member)
            {
                foreach (var group in member.Groups)
                {
                    _groupHeld.With(director, group.Name).Set(group.HeldHere ? 1 : 0);
                }
                foreach (var condition in Enum.GetValues<MemberCondition>())
                {
                    _condition.With(director, condition.ToString().ToLowerInvariant()).Set(member.Condition == condition ? 1 : 0);
                }
                _quorum.With(director).Set(member.HasQuorum ? 1 : 0);
            }
        }
        foreach (var service in status.Services)
        {
            var virtualServer = names.VirtualServer(service.Service.Key);
            Counters(_serviceConnections, _servicePackets, _serviceBytes, service.Stats, director, virtualServer);
            _serviceActive.With(director, virtualServer).Set(service.Destinations.Sum(d => (double)d.ActiveConnections));
            _serviceInactive.With(director, virtualServer).Set(service.Destinations.Sum(d => (double)d.InactiveConnections));
            foreach (var destination in service.Destinations)
            {
                var (realServer, configured) = names.RealServer(service.Service.Key, destination.Destination);
                Counters(_serverConnections, _serverPackets, _serverBytes, destination.Stats, director, virtualServer, realServer);
                _serverActive.With(director, virtualServer, realServer).Set(destination.ActiveConnections);
                _serverInactive.With(director, virtualServer, realServer).Set(destination.InactiveConnections);
                _effectiveWeight.With(director, virtualServer, realServer).Set(destination.Destination.Weight);
                if (configured is { } weight)
                {
                    _configuredWeight.With(director, virtualServer, realServer).Set(weight);
                }
            }
        }
        foreach (var health in status.Health ?? [])
        {
            foreach (var state in Enum.GetValues<HealthState>())
            {
                _health.With(director, health.VirtualServer, health.RealServer, Label(state)).Set(health.State == state ? 1 : 0);
            }
        }
    }

    // A service's or real server's totals, each kept from going backwards (the key starts with the director, so a
    // revoked director's are forgotten with it).
    private void Counters(CollectedSeries<Counter.Child> connections, CollectedSeries<Counter.Child> packets, CollectedSeries<Counter.Child> bytes,
        IpvsCounters stats, params string[] labels)
    {
        var key = string.Join('\u001f', labels);
        connections.With(labels).IncTo(_totals.Next($"{key}\u001fconnections", stats.Connections));
        (double In, double Out)[] figures = [(stats.InPackets, stats.OutPackets), (stats.InBytes, stats.OutBytes)];
        for (var i = 0; i < s_directions.Length; i++)
        {
            var direction = s_directions[i];
            packets.With([.. labels, direction]).IncTo(_totals.Next($"{key}\u001fpackets\u001f{direction}", i == 0 ? figures[0].In : figures[0].Out));
            bytes.With([.. labels, direction]).IncTo(_totals.Next($"{key}\u001fbytes\u001f{direction}", i == 0 ? figures[1].In : figures[1].Out));
        }
    }

    private async Task<Data.ConfigVersion> LatestAsync(CancellationToken cancellationToken)
    {
        using var scope = _scopes.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ConfigService>().GetLatestAsync(cancellationToken);
    }

    private static CollectedSeries<T> Series<T>(Collector<T> family) where T : ChildBase => new(family);

    private static string Label<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
