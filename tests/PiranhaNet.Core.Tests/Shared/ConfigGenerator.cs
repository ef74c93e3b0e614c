using PiranhaNet.Core.Model;
using PiranhaNet.Core.Scheduling;

namespace PiranhaNet.Core.Tests.Shared;

/// <summary>
/// Builds random configurations from a seed for property tests. Every field gets non-default values
/// some of the time, and strings include quotes, backslashes, control characters and non-ASCII text,
/// so the writer's quoting is exercised. The configurations are well-formed but not always valid
/// (e.g. NAT without a router): round trips must hold for every model, valid or not.
/// </summary>
public sealed class ConfigGenerator(int seed)
{
    private readonly Random _random = new(seed);
    // The cluster's settings come from their own sequence, so the rest of a seed's configuration is as it always was.
    private readonly Random _cluster = new(seed * 31 + 7);

    private static readonly string[] s_awkwardTexts =
    [
        "GET / HTTP/1.0\r\n\r\n", "HTTP", "say \"hi\"", @"HTTP/1\.[01] 200", "tab\there", "#not a comment", "a = b",
        "{braces}", "", " leading space", "naïve ünïcödé", "bell\a", "back\\slash", "'single'", "x\x7f",
    ];

    /// <summary>A random configuration with virtual servers, or with failover services.</summary>
    public LvsConfig Next(bool failover = false)
    {
        var config = new LvsConfig
        {
            SerialNo = _random.Next(0, 100_000),
            Service = failover ? ServiceKind.Fos : ServiceKind.Lvs,
            Global = Global(),
            Redundancy = Redundancy(),
        };
        config = failover
            ? config with { FailoverServices = Names("fos", _random.Next(0, 4)).Select(FailoverService).ToEquatableArray() }
            : config with { VirtualServers = Names("vs", _random.Next(0, 6)).Select(VirtualServer).ToEquatableArray() };
        return _cluster.Next(3) == 0 ? WithCluster(config) : config;
    }

    // Directors, groups and each element's group, one configuration in three.
    private LvsConfig WithCluster(LvsConfig config)
    {
        string? GroupName() => _cluster.Next(2) == 0 ? $"grp-{_cluster.Next(1, 4)}" : null;
        IEnumerable<string> ClusterNames(string prefix) => Enumerable.Range(1, _cluster.Next(0, 4)).Select(i => $"{prefix}-{i}");
        string Address() => $"198.51.100.{_cluster.Next(1, 255)}";
        return config with
        {
            Global = config.Global with { NatRouterGroup = GroupName() },
            Redundancy = config.Redundancy with
            {
                PrimaryName = _cluster.Next(2) == 0 ? "lvs-a" : RedundancyConfig.DefaultPrimaryName,
                BackupName = _cluster.Next(2) == 0 ? "lvs-b" : RedundancyConfig.DefaultBackupName,
                Directors = ClusterNames("dir").Select(n => new ClusterDirectorConfig { Name = n, Address = Address(), PrivateAddress = _cluster.Next(2) == 0 ? Address() : null })
                    .ToEquatableArray(),
                Groups = ClusterNames("grp").Select(n => new FailoverGroupConfig
                {
                    Name = n,
                    Members = ClusterNames("dir").Select((d, i) => new GroupMemberConfig(d, 200 - i * 10)).ToEquatableArray(),
                    Failback = _cluster.Next(2) == 0,
                }).ToEquatableArray(),
                Quorum = (QuorumPolicy)_cluster.Next(3),
                WarnTime = _cluster.Next(0, 30) / 10.0,
                InitDead = _cluster.Next(0, 600) / 10.0,
                Multicast = _cluster.Next(2) == 0 ? $"239.255.{_cluster.Next(256)}.{_cluster.Next(1, 255)}" : null,
            },
            VirtualServers = config.VirtualServers.Select(v => v with { Group = GroupName() }).ToEquatableArray(),
            FailoverServices = config.FailoverServices.Select(f => f with { Group = GroupName() }).ToEquatableArray(),
        };
    }

    private GlobalSettingsConfig Global()
    {
        var natRouter = Maybe(() => Ipv4());
        return new()
        {
        Primary = Maybe(() => Ipv4(), ""),
        PrimaryPrivate = Maybe(() => Ipv4()),
        PrimaryShared = Maybe(() => "/dev/sdb1"),
        Network = Pick<NetworkType>(),
        NatRouterAddress = natRouter,
        // lvs.cf holds the device in the same key as the address: there is no device without an address.
        NatRouterDevice = natRouter is null ? null : Maybe(() => "eth1:1"),
        NatRouterNetmask = Maybe(() => "255.255.255.0"),
        RshCommand = Pick<RemoteShell>(),
        ReservationConflictAction = _random.Next(3) == 0 ? Pick<ReservationConflictAction>() : null,
        DebugLevel = Maybe(() => "DEBUG", "NONE"),
        ActiveCommand = Maybe(Text),
        InactiveCommand = Maybe(Text),
        HardShutdown = Bool(),
        Sync = Bool(),
        IpvsadmPath = Maybe(() => "/usr/sbin/ipvsadm"),
        ConnectionTimeouts = new ConnectionTimeoutsConfig { Tcp = _random.Next(0, 900), TcpFin = _random.Next(0, 120), Udp = _random.Next(0, 300) },
        SyncDaemon = new SyncDaemonConfig { Enabled = Bool(), Interface = Maybe(() => "eth2", "eth0"), Id = _random.Next(0, 256) },
        };
    }

    private RedundancyConfig Redundancy() => new()
    {
        Enabled = Bool(),
        Backup = Maybe(() => Ipv4()),
        BackupPrivate = Maybe(() => Ipv4()),
        BackupShared = Maybe(() => "/dev/sdc1"),
        Heartbeat = Bool(),
        HeartbeatPort = _random.Next(1, 65536),
        Keepalive = _random.Next(1, 50) / 10.0,
        Deadtime = _random.Next(51, 200) / 10.0,
        MonitorLinks = Bool(),
        AutoFailback = Bool(),
    };

    private VirtualServerConfig VirtualServer(string name)
    {
        var v6 = _random.Next(4) == 0;
        var scheduler = SchedulerCatalog.All[_random.Next(SchedulerCatalog.All.Count)];
        return new VirtualServerConfig
        {
            Name = name,
            Active = Bool(),
            Address = v6 ? Ipv6() : Ipv4(),
            Device = Maybe(() => "eth0:" + _random.Next(10)),
            VipNetmask = Maybe(() => v6 ? "64" : "255.255.255.0"),
            Port = _random.Next(1, 65536),
            Protocol = Pick<TransportProtocol>(),
            FirewallMark = _random.Next(4) == 0 ? (uint)_random.Next(1, int.MaxValue) : null,
            ForwardingMethod = _random.Next(3) == 0 ? Pick<NetworkType>() : null,
            Scheduler = scheduler.Name,
            SchedulerFlags = scheduler.Flags.Keys.Where(_ => Bool()).ToEquatableArray(),
            Persistent = _random.Next(3) == 0 ? _random.Next(1, 3600) : 0,
            PersistenceNetmask = Maybe(() => v6 ? "128" : "255.255.255.0"),
            Timeout = _random.Next(1, 60),
            Reentry = _random.Next(0, 600),
            QuiesceServer = Bool(),
            LoadMonitor = Pick<LoadMonitorTool>(),
            SorryServer = Maybe(() => v6 ? Ipv6() : Ipv4()),
            ClientMonitor = Maybe(() => "/usr/sbin/nanny"),
            HealthCheck = HealthCheck(),
            RealServers = Names("rs", _random.Next(0, 5)).Select(n => RealServer(n, v6)).ToEquatableArray(),
        };
    }

    private RealServerConfig RealServer(string name, bool v6) => new()
    {
        Name = name,
        Address = v6 ? Ipv6() : Ipv4(),
        Port = _random.Next(3) == 0 ? _random.Next(1, 65536) : null,
        Weight = _random.Next(0, 65536),
        Drain = _random.Next(4) == 0,
        Maintenance = _random.Next(8) == 0,
        UpperThreshold = _random.Next(3) == 0 ? _random.Next(2, 10_000) : 0,
        NotifyUp = Maybe(() => "/usr/local/bin/rs-up %v %r"),
        // Awkward text, but never blank: a blank command is refused.
        NotifyDown = Maybe(() => "run " + Text()),
        LowerThreshold = _random.Next(4) == 0 ? 1 : 0,
        Active = Bool(),
    };

    private FailoverServiceConfig FailoverService(string name) => new()
    {
        Name = name,
        Active = Bool(),
        Address = Ipv4(),
        Device = Maybe(() => "eth0:2"),
        VipNetmask = Maybe(() => "255.255.255.0"),
        Port = _random.Next(1, 65536),
        Timeout = _random.Next(1, 60),
        Reentry = _random.Next(0, 600),
        StartCommand = Text() + "start",
        StopCommand = Text() + "stop",
        HealthCheck = HealthCheck(),
    };

    private HealthCheckConfig HealthCheck() => new()
    {
        Kind = Pick<HealthCheckKind>(),
        Send = Maybe(Text),
        Expect = Maybe(Text),
        UseRegex = false,
        SendProgram = Maybe(() => "/usr/local/bin/check %h %p"),
        HttpPath = Maybe(() => "/health?full=1", "/"),
        HttpHost = Maybe(() => "www.example.test"),
        HttpStatusCodes = Maybe(() => "200,204,300-302", HealthCheckConfig.DefaultHttpStatusCodes),
        HttpBodyRegex = Maybe(() => "ok|\"up\""),
        VerifyTls = Bool(),
        ResponseTimeout = _random.Next(1, 30),
        Fall = _random.Next(1, 5),
        Rise = _random.Next(1, 5),
    };

    private IEnumerable<string> Names(string prefix, int count) => Enumerable.Range(1, count).Select(i => $"{prefix}-{i}_{_random.Next(1000)}.x");

    private string Text() => s_awkwardTexts[_random.Next(s_awkwardTexts.Length)];

    private string Ipv4() => $"10.{_random.Next(256)}.{_random.Next(256)}.{_random.Next(1, 255)}";

    private string Ipv6() => $"2001:db8::{_random.Next(1, 0xffff):x}";

    private bool Bool() => _random.Next(2) == 0;

    private T Pick<T>() where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        return values[_random.Next(values.Length)];
    }

    private T? Maybe<T>(Func<T> value) where T : class => _random.Next(2) == 0 ? value() : null;

    private T Maybe<T>(Func<T> value, T otherwise) => _random.Next(2) == 0 ? value() : otherwise;
}
