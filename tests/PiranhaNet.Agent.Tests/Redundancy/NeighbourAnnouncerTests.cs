using System.Net;
using PiranhaNet.Agent.Redundancy;
using PiranhaNet.Netns;

namespace PiranhaNet.Agent.Tests.Redundancy;

/// <summary>
/// Announcements on a real link between two network namespaces: a neighbour that still maps a virtual IP to an
/// old MAC learns the announcing director's MAC from the gratuitous ARP (IPv4) and the unsolicited neighbour
/// advertisement (IPv6). Needs root; fails saying so without it.
/// </summary>
public sealed class NeighbourAnnouncerTests : IDisposable
{
    private const string OldMac = "02:00:00:00:00:01";
    private readonly string _director;
    private readonly string _neighbour;

    public NeighbourAnnouncerTests()
    {
        if (Netns.Netns.Unavailable() is { } why)
        {
            throw new InvalidOperationException(why);
        }
        var prefix = $"pa{Random.Shared.Next(0x10000):x4}";
        (_director, _neighbour) = (prefix + "dir", prefix + "nb");
        Netns.Netns.Ip("netns", "add", _director);
        Netns.Netns.Ip("netns", "add", _neighbour);
        Netns.Netns.Ip("-n", _director, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", _neighbour);
        foreach (var (ns, host) in new[] { (_director, 1), (_neighbour, 2) })
        {
            Netns.Netns.Ip("-n", ns, "addr", "add", $"10.90.0.{host}/24", "dev", "eth0");
            Netns.Netns.Ip("-n", ns, "addr", "add", $"fd00:90::{host}/64", "dev", "eth0", "nodad");
            Netns.Netns.Ip("-n", ns, "link", "set", "eth0", "up");
        }
        // The virtual IPs on the director (as a takeover adds them), and stale entries for them on the neighbour.
        Netns.Netns.Ip("-n", _director, "addr", "add", "10.90.0.50/32", "dev", "eth0");
        Netns.Netns.Ip("-n", _director, "addr", "add", "fd00:90::50/128", "dev", "eth0", "nodad");
        Netns.Netns.Ip("-n", _neighbour, "neigh", "replace", "10.90.0.50", "lladdr", OldMac, "dev", "eth0", "nud", "stale");
        Netns.Netns.Ip("-n", _neighbour, "neigh", "replace", "fd00:90::50", "lladdr", OldMac, "dev", "eth0", "nud", "stale");
    }

    public void Dispose()
    {
        foreach (var ns in new[] { _director, _neighbour })
        {
            try
            {
                Netns.Netns.Ip("netns", "del", ns);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }
    }

    private string NeighbourEntry(string address) => Netns.Netns.Ip("-n", _neighbour, "neigh", "show", address, "dev", "eth0");

    [Theory]
    [InlineData("10.90.0.50")]
    [InlineData("fd00:90::50")]
    public async Task Announce_NeighbourReplacesTheOldMacWithTheDirectors(string vip)
    {
        var directorMac = Netns.Netns.Ip("-n", _director, "-o", "link", "show", "eth0").Split("link/ether ")[1][..17];
        var before = NeighbourEntry(vip);
        // A link just brought up drops IPv6 multicast until the kernel has added its multicast route; real neighbours are long up.
        Assert.True(await DirectorPairLab.EventuallyAsync(
            () => Netns.Netns.Ip("-n", _neighbour, "-6", "route", "show", "table", "local").Contains("multicast ff00::/8 dev eth0", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10)), "the neighbour's IPv6 never came up");

        Netns.Netns.RunIn(_director, () => new NeighbourAnnouncer().Announce("eth0", IPAddress.Parse(vip)));

        Assert.Contains(OldMac, before);
        Assert.True(await DirectorPairLab.EventuallyAsync(() => NeighbourEntry(vip).Contains(directorMac, StringComparison.Ordinal), TimeSpan.FromSeconds(5)),
            $"the neighbour still has: {NeighbourEntry(vip)} (director's MAC {directorMac})");
    }
}
