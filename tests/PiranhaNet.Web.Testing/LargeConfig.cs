using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Testing;

/// <summary>A valid direct-routing configuration of a given size, the same every run.</summary>
public static class LargeConfig
{
    /// <summary><paramref name="virtualServers"/> virtual servers of <paramref name="realServersEach"/> real servers; real server rN has weight N.</summary>
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

    /// <summary><paramref name="config"/> with the first real server of its virtual server <paramref name="index"/> at <paramref name="weight"/>: one weight edit.</summary>
    public static LvsConfig WithWeight(LvsConfig config, int index, int weight)
    {
        var vs = config.VirtualServers[index];
        return config with { VirtualServers = config.VirtualServers.SetItem(index, vs with { RealServers = vs.RealServers.SetItem(0, vs.RealServers[0] with { Weight = weight }) }) };
    }
}
