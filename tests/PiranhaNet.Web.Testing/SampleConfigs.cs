using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Testing;

/// <summary>Small valid configurations the web tests start from.</summary>
public static class SampleConfigs
{
    /// <summary>An active virtual server on port 80 with real servers r1 (.21) and r2 (.22), weight 1 each.</summary>
    public static VirtualServerConfig Web(string name = "web", string address = "192.0.2.10") => new()
    {
        Name = name,
        Active = true,
        Address = address,
        Device = "eth0:1",
        RealServers =
        [
            new RealServerConfig { Name = "r1", Address = "192.0.2.21", Active = true },
            new RealServerConfig { Name = "r2", Address = "192.0.2.22", Active = true },
        ],
    };

    /// <summary>
    /// One virtual server on 127.0.0.1:<paramref name="vip"/> with <paramref name="scheduler"/> and one real server on a
    /// free loopback port (which nothing need answer): what an agent on the userspace dataplane can run anywhere.
    /// </summary>
    public static LvsConfig OnLoopback(int vip, string scheduler) => new()
    {
        Global = new GlobalSettingsConfig { Network = NetworkType.Direct },
        VirtualServers =
        [
            new VirtualServerConfig
            {
                Name = "web", Active = true, Address = "127.0.0.1", Port = vip, Scheduler = scheduler,
                RealServers = [new RealServerConfig { Name = "r1", Address = "127.0.0.1", Port = LoopbackPorts.Free(), Active = true }],
            },
        ],
    };

    /// <summary>A direct-routing cluster (no NAT router needed) with the given virtual servers.</summary>
    public static LvsConfig Direct(params VirtualServerConfig[] servers) => new()
    {
        Global = new GlobalSettingsConfig { Primary = "192.0.2.1", Network = NetworkType.Direct },
        VirtualServers = servers,
    };

    /// <summary>
    /// Three directors, lvs1 (192.0.2.1), lvs2 (.2) and lvs3 (.3): group a (virtual server web) prefers lvs1, then lvs2,
    /// then lvs3; group b (virtual server api on 192.0.2.11) prefers lvs2, then lvs3, then lvs1, and does not fail back.
    /// </summary>
    public static LvsConfig ThreeDirectorCluster() => Direct(Web() with { Group = "a" }, Web("api", "192.0.2.11") with { Device = "eth0:2", Group = "b" }) with
    {
        Redundancy = new RedundancyConfig
        {
            Enabled = true, Heartbeat = true, Backup = "192.0.2.2", PrimaryName = "lvs1", BackupName = "lvs2",
            Directors = [new ClusterDirectorConfig { Name = "lvs3", Address = "192.0.2.3" }],
            Groups =
            [
                new FailoverGroupConfig { Name = "a", Members = [new("lvs1", 100), new("lvs2", 50), new("lvs3", 10)] },
                new FailoverGroupConfig { Name = "b", Members = [new("lvs2", 100), new("lvs3", 50), new("lvs1", 10)], Failback = false },
            ],
        },
    };
}
