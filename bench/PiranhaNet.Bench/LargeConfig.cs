using PiranhaNet.Core.Model;

namespace PiranhaNet.Bench;

/// <summary>A valid direct-routing configuration of a given size, the same every run.</summary>
internal static class LargeConfig
{
    public static LvsConfig Create(int virtualServers, int realServersEach) => new()
    {
        Global = new GlobalSettingsConfig { Primary = "192.0.2.1", Network = NetworkType.Direct },
        VirtualServers = Enumerable.Range(0, virtualServers).Select(i => new VirtualServerConfig
        {
            Name = $"vs{i}",
            Active = true,
            Address = $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}",
            Device = "eth0:1",
            Port = 80 + i % 3,
            Scheduler = i % 2 == 0 ? "wlc" : "rr",
            HealthCheck = new HealthCheckConfig { Kind = HealthCheckKind.SendExpect, Send = "GET / HTTP/1.0\r\n\r\n", Expect = "HTTP" },
            RealServers = Enumerable.Range(1, realServersEach).Select(r => new RealServerConfig
            {
                Name = $"r{r}",
                Address = $"172.16.{r}.{i % 250 + 1}",
                Port = 8000 + i % 100,
                Weight = r,
                Active = true,
            }).ToEquatableArray(),
        }).ToEquatableArray(),
    };
}
