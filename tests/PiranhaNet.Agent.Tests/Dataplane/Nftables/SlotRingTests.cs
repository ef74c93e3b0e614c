using System.Net;
using PiranhaNet.Agent.Dataplane.Nftables;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Tests.Dataplane.Nftables;

/// <summary>The slot ring the nftables dataplane schedules with: sizes that survive weight changes, shares and their order.</summary>
public class SlotRingTests
{
    private static IpvsService Service(string scheduler, params int[] weights) => new(
        IpvsServiceKey.ForAddress(TransportProtocol.Tcp, IPAddress.Parse("192.0.2.10"), 80), scheduler, 0, 0, 32,
        [.. weights.Select((w, i) => new IpvsDestination(IPAddress.Parse($"10.0.0.{i + 1}"), 80, IpvsForwarding.Masquerade, w))]);

    private static int[] Counts(int[] ring, int destinations) => [.. Enumerable.Range(0, destinations).Select(d => ring.Count(s => s == d))];

    [Fact]
    public void RoundRobin_TwoServers_SixtySlotsAlternating_WeightsIgnored()
    {
        var service = Service("rr", 1, 5);
        var size = SlotRing.Size(service, 0);
        var ring = SlotRing.Fill(service, size);

        Assert.Equal(60, size);
        Assert.Equal([0, 1, 0, 1, 0, 1], ring[..6]);
        Assert.Equal([30, 30], Counts(ring, 2));
    }

    [Fact]
    public void WeightedRoundRobin_OneToThree_EveryFourSlotsHoldOneOfTheFirst()
    {
        var ring = SlotRing.Fill(Service("wrr", 1, 3), 60);

        Assert.Equal([15, 45], Counts(ring, 2));
        Assert.All(Enumerable.Range(0, 15), window => Assert.Equal(1, ring.Skip(window * 4).Take(4).Count(s => s == 0)));
    }

    [Fact]
    public void Size_KeptWhileTheSharesDivideIt_SoAWeightChangeIsSlotsOnly()
    {
        Assert.Equal(60, SlotRing.Size(Service("wrr", 1, 3), 60));
        Assert.Equal(60, SlotRing.Size(Service("wrr", 2, 3), 60));
        Assert.Equal(60, SlotRing.Size(Service("wrr", 1, 0), 60));
        // 3 + 4 = 7 does not divide 60: the least common multiple.
        Assert.Equal(420, SlotRing.Size(Service("wrr", 3, 4), 60));
        Assert.Equal([180, 240], Counts(SlotRing.Fill(Service("wrr", 3, 4), 420), 2));
        // Back to shares that 60 holds: 420 still divides, but is far more than needed.
        Assert.Equal(60, SlotRing.Size(Service("wrr", 1, 1), 420));
        Assert.Equal(120, SlotRing.Size(Service("wrr", 1, 1), 120));
    }

    [Fact]
    public void NoServerWithWeight_EmptyRing_SizeKept()
    {
        var service = Service("wrr", 0, 0);

        Assert.Equal(120, SlotRing.Size(service, 120));
        Assert.All(SlotRing.Fill(service, 120), slot => Assert.Equal(-1, slot));
    }

    [Fact]
    public void Failover_OneSlot_HighestWeightFirstAmongEquals()
    {
        Assert.Equal(1, SlotRing.Size(Service("fo", 1, 3, 3), 60));
        Assert.Equal([1], SlotRing.Fill(Service("fo", 1, 3, 3), 1));
        Assert.Equal([2], SlotRing.Fill(Service("fo", 1, 0, 2), 1));
    }

    [Fact]
    public void SharesBeyondTheLargestRing_AreRoundedToIt()
    {
        var service = Service("wrr", 5000, 1);

        Assert.Equal(SlotRing.LargestRing, SlotRing.Size(service, 0));
        Assert.Equal([4095, 1], Counts(SlotRing.Fill(service, SlotRing.LargestRing), 2));
    }

    [Fact]
    public void Maglev_PrimeSize_RemovingAServerMovesFewOfTheOthersSlots()
    {
        var three = Service("mh", 1, 1, 1);
        var two = three with { Destinations = [three.Destinations[0], three.Destinations[1]] };
        var size = SlotRing.Size(three, 0);

        Assert.Equal(509, size);
        Assert.Equal(251, SlotRing.Size(two, 0));
        Assert.Equal(509, SlotRing.Size(two, size));   // a server going down keeps the size
        Assert.Equal(2039, SlotRing.Size(Service("mh", 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), size));   // 11 servers outgrow 509 slots
        var before = SlotRing.Fill(three, size);
        var after = SlotRing.Fill(two, size);

        Assert.All(Counts(before, 3), count => Assert.InRange(count, 160, 180));
        // Every slot the two remaining servers held, they mostly still hold: Maglev's small disruption.
        var kept = Enumerable.Range(0, size).Count(s => before[s] is 0 or 1 && after[s] == before[s]);
        var held = before.Count(s => s is 0 or 1);
        Assert.True(kept >= held * 0.9, $"only {kept} of {held} slots kept their server");
    }
}
