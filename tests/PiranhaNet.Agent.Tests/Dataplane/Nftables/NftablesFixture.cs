using System.Net;
using PiranhaNet.Agent.Dataplane.Nftables;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Netns;

namespace PiranhaNet.Agent.Tests.Dataplane.Nftables;

/// <summary>
/// A <see cref="LoadBalancerLab"/> with the nftables dataplane opened inside its director's namespace, and the ways
/// the tests drive it: services by scheduler, applied through the planner as the agent applies them.
/// </summary>
internal sealed class NftablesFixture : IAsyncDisposable
{
    private NftablesFixture(LoadBalancerLab lab, NftablesDataplane dataplane) => (Lab, Dataplane) = (lab, dataplane);

    public LoadBalancerLab Lab { get; }

    public NftablesDataplane Dataplane { get; }

    /// <summary>A lab with <paramref name="reals"/> real servers and a dataplane in its director.</summary>
    public static NftablesFixture Create(int reals = 3, bool masquerade = false)
    {
        var lab = LoadBalancerLab.Create(reals);
        try
        {
            return new NftablesFixture(lab, lab.InDirector(() => NftablesDataplane.Open(TimeProvider.System, masquerade)));
        }
        catch
        {
            lab.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>The TCP service on the IPv4 VIP over real servers with these weights (real1 first).</summary>
    public static IpvsService Tcp(string scheduler, int[] weights, uint persistence = 0, int prefix = 32, uint flags = 0) =>
        Service(IpvsServiceKey.ForAddress(TransportProtocol.Tcp, LoadBalancerLab.Vip, LoadBalancerLab.TcpPort), scheduler, weights, LoadBalancerLab.RealAddress,
            LoadBalancerLab.TcpPort, persistence, prefix, flags);

    /// <summary>The UDP service on the IPv4 VIP.</summary>
    public static IpvsService Udp(string scheduler, int[] weights) =>
        Service(IpvsServiceKey.ForAddress(TransportProtocol.Udp, LoadBalancerLab.Vip, LoadBalancerLab.UdpPort), scheduler, weights, LoadBalancerLab.RealAddress,
            LoadBalancerLab.UdpPort);

    /// <summary>The TCP service on the IPv6 VIP.</summary>
    public static IpvsService Tcp6(string scheduler, int[] weights, uint persistence = 0) =>
        Service(IpvsServiceKey.ForAddress(TransportProtocol.Tcp, LoadBalancerLab.Vip6, LoadBalancerLab.TcpPort), scheduler, weights, LoadBalancerLab.RealAddress6,
            LoadBalancerLab.TcpPort, persistence, 128);

    /// <summary>The UDP service on the IPv6 VIP.</summary>
    public static IpvsService Udp6(string scheduler, int[] weights) =>
        Service(IpvsServiceKey.ForAddress(TransportProtocol.Udp, LoadBalancerLab.Vip6, LoadBalancerLab.UdpPort), scheduler, weights, LoadBalancerLab.RealAddress6,
            LoadBalancerLab.UdpPort, 0, 128);

    /// <summary>Plans <paramref name="desired"/> against what the dataplane holds (every service in it being PiranhaNet's) and applies it.</summary>
    public async Task<IpvsPlan> ApplyAsync(params IpvsService[] desired)
    {
        var current = await Dataplane.ReadTableAsync(CancellationToken.None);
        var plan = IpvsPlanner.Plan(current, desired, current.Select(s => s.Key).ToHashSet());
        await Dataplane.ApplyAsync(plan, CancellationToken.None);
        return plan;
    }

    /// <summary>How many of <paramref name="connections"/> new TCP connections each real server took.</summary>
    public async Task<Dictionary<string, int>> DistributionAsync(IPAddress vip, int connections, Func<int, IPAddress>? source = null)
    {
        var counts = Enumerable.Range(1, Lab.Reals).ToDictionary(n => $"real{n}", _ => 0);
        for (var i = 0; i < connections; i++)
        {
            var real = await Lab.RequestAsync(vip, source?.Invoke(i)) ?? "none";
            counts[real] = counts.GetValueOrDefault(real) + 1;
        }
        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        await Dataplane.DisposeAsync();
        await Lab.DisposeAsync();
    }

    private static IpvsService Service(IpvsServiceKey key, string scheduler, int[] weights, Func<int, IPAddress> real, int port, uint persistence = 0,
        int prefix = 32, uint flags = 0) =>
        new(key, scheduler, flags, persistence, prefix, [.. weights.Select((w, i) => new IpvsDestination(real(i + 1), port, IpvsForwarding.Masquerade, w))]);
}
