using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Tests.Shared;

/// <summary>Small valid configurations that tests change one field of.</summary>
public static class Configs
{
    /// <summary>A valid direct-routing cluster with one virtual server and two real servers.</summary>
    public static LvsConfig Web { get; } = new()
    {
        Global = new GlobalSettingsConfig { Primary = "192.0.2.1", Network = NetworkType.Direct },
        VirtualServers =
        [
            new VirtualServerConfig
            {
                Name = "web", Active = true, Address = "192.0.2.10", Device = "eth0:1", VipNetmask = "255.255.255.0",
                RealServers =
                [
                    new RealServerConfig { Name = "r1", Address = "192.0.2.21", Active = true },
                    new RealServerConfig { Name = "r2", Address = "192.0.2.22", Active = true },
                ],
            },
        ],
    };

    /// <summary><see cref="Web"/> with its virtual server changed.</summary>
    public static LvsConfig WithVirtual(Func<VirtualServerConfig, VirtualServerConfig> change) =>
        Web with { VirtualServers = [change(Web.VirtualServers[0])] };

    /// <summary><see cref="Web"/> with real server r2 changed.</summary>
    public static LvsConfig WithReal(Func<RealServerConfig, RealServerConfig> change) =>
        WithVirtual(v => v with { RealServers = [v.RealServers[0], change(v.RealServers[1])] });
}
