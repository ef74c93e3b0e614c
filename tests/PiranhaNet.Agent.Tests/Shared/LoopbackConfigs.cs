using PiranhaNet.Agent.Tests.Dataplane.Userspace;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Tests.Shared;

/// <summary>Configurations whose virtual server forwards on loopback to a test's own backends.</summary>
internal static class LoopbackConfigs
{
    /// <summary>
    /// One virtual server, "web" on 127.0.0.1:<paramref name="port"/>, over real servers "a" and "b": the first two
    /// of <paramref name="backends"/>, "b" with <paramref name="weightOfB"/>.
    /// </summary>
    public static LvsConfig WebOverTwo(Backends backends, int port, string scheduler, int weightOfB) => new()
    {
        Global = new GlobalSettingsConfig { Network = NetworkType.Direct },
        VirtualServers =
        [
            new VirtualServerConfig
            {
                Name = "web", Active = true, Address = "127.0.0.1", Port = port, Scheduler = scheduler,
                RealServers =
                [
                    new RealServerConfig { Name = "a", Address = "127.0.0.1", Port = backends.Port(0), Active = true },
                    new RealServerConfig { Name = "b", Address = "127.0.0.1", Port = backends.Port(1), Weight = weightOfB, Active = true },
                ],
            },
        ],
    };
}
