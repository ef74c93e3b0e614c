using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.PlaywrightTests;

/// <summary>Small valid configurations to start browser tests from.</summary>
internal static class Configs
{
    public static VirtualServerConfig Web(string name = "web", string address = "192.0.2.10") => new()
    {
        Name = name,
        Active = true,
        Address = address,
        Device = "eth0:1",
        RealServers =
        [
            new RealServerConfig { Name = "r1", Address = "192.0.2.21", Active = true },
            new RealServerConfig { Name = "r2", Address = "192.0.2.22", Active = true, Weight = 3 },
        ],
    };

    public static LvsConfig Direct(params VirtualServerConfig[] servers) => new()
    {
        Global = new GlobalSettingsConfig { Primary = "192.0.2.1", Network = NetworkType.Direct },
        VirtualServers = servers,
    };
}
