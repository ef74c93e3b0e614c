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

    /// <summary>A direct-routing cluster (no NAT router needed) with the given virtual servers.</summary>
    public static LvsConfig Direct(params VirtualServerConfig[] servers) => new()
    {
        Global = new GlobalSettingsConfig { Primary = "192.0.2.1", Network = NetworkType.Direct },
        VirtualServers = servers,
    };
}
