using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Tests.Shared;

namespace PiranhaNet.Core.Tests.Protocol;

public class ConfigPatchTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    // Random pairs: unrelated versions, and a version against an edit of itself (change, add, remove, reorder).
    [Theory]
    [MemberData(nameof(Seeds))]
    public void ApplyTo_AnyTwoVersions_RebuildsTheNewerOneExactly(int seed)
    {
        var generator = new ConfigGenerator(seed);
        var older = generator.Next();
        var unrelated = generator.Next();
        var random = new Random(seed);
        var edited = older with { VirtualServers = [.. Edit(older.VirtualServers, unrelated.VirtualServers, random)], Global = unrelated.Global };

        foreach (var newer in new[] { unrelated, edited, older })
        {
            var patch = ConfigPatch.Between(older, newer)!;
            var decoded = Assert.IsType<ConfigureChangesMessage>(AgentProtocol.Decode(AgentProtocol.Encode(new ConfigureChangesMessage(2, 1, true, patch))));

            Assert.Equal(newer, decoded.Patch.ApplyTo(older));
        }
    }

    // Twenty random edits in a row: removed names come back, lists reorder, frames change; the replay of the chain of
    // patches is the last version, whatever the mix.
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Replay_AChainOfPatches_IsTheLastVersion(int seed)
    {
        var generator = new ConfigGenerator(seed);
        var random = new Random(seed);
        var first = generator.Next();
        var versions = new List<LvsConfig> { first };
        for (var i = 0; i < 20; i++)
        {
            var other = generator.Next();
            var last = versions[^1];
            versions.Add(random.Next(4) == 0 ? other : last with { VirtualServers = [.. Edit(last.VirtualServers, other.VirtualServers, random)], SerialNo = i });
        }
        var patches = versions.Zip(versions.Skip(1), (older, newer) => ConfigPatch.Between(older, newer)!).ToList();

        for (var length = 0; length <= patches.Count; length++)
        {
            Assert.Equal(versions[length], ConfigPatchChain.Replay(first, patches.Take(length)));
        }
    }

    [Fact]
    public void Replay_AnOrderNamingAServerNoVersionHad_ThrowsNamingIt()
    {
        var patch = new ConfigPatch(Configs.Web with { VirtualServers = [] }, [], new EquatableArray<string>(["web", "ghost"]));

        var error = Assert.Throws<ArgumentException>(() => ConfigPatchChain.Replay(Configs.Web, [patch]));

        Assert.Contains("'ghost'", error.Message);
    }

    private static IEnumerable<VirtualServerConfig> Edit(EquatableArray<VirtualServerConfig> servers, EquatableArray<VirtualServerConfig> others, Random random)
    {
        var list = servers.ToList();
        if (list.Count > 1 && random.Next(2) == 0)
        {
            list.RemoveAt(random.Next(list.Count));
        }
        if (list.Count > 1 && random.Next(2) == 0)
        {
            (list[0], list[^1]) = (list[^1], list[0]);
        }
        if (list.Count > 0)
        {
            var index = random.Next(list.Count);
            list[index] = list[index] with { Scheduler = list[index].Scheduler == "rr" ? "wlc" : "rr" };
        }
        list.AddRange(others.Where(o => list.All(vs => vs.Name != o.Name)).Take(1));
        return list;
    }

    [Fact]
    public void Between_OneWeightEdit_CarriesOnlyThatVirtualServer()
    {
        var newer = Configs.WithReal(r => r with { Weight = 9 });

        var patch = ConfigPatch.Between(Configs.Web, newer)!;

        Assert.Equal(["web"], patch.Changed.Select(vs => vs.Name));
        Assert.Null(patch.Order);
        Assert.Empty(patch.Frame.VirtualServers);
    }

    [Fact]
    public void Between_Unchanged_IsEmpty()
    {
        var patch = ConfigPatch.Between(Configs.Web, Configs.Web)!;

        Assert.Equal((0, (EquatableArray<string>?)null), (patch.Changed.Count, patch.Order));
    }

    [Fact]
    public void ApplyTo_BaseWithoutANamedServer_ThrowsNamingIt()
    {
        var twoServers = Configs.Web with { VirtualServers = [Configs.Web.VirtualServers[0], Configs.Web.VirtualServers[0] with { Name = "mail", Port = 25 }] };
        var patch = ConfigPatch.Between(twoServers, twoServers with { VirtualServers = [.. twoServers.VirtualServers.Reverse()] })!;

        var error = Assert.Throws<ArgumentException>(() => patch.ApplyTo(LvsConfig.Empty));

        Assert.Contains("'mail'", error.Message);
    }

    [Fact]
    public void Between_RepeatedName_CannotBeExpressed()
    {
        var repeated = Configs.Web with { VirtualServers = [Configs.Web.VirtualServers[0], Configs.Web.VirtualServers[0]] };

        Assert.Null(ConfigPatch.Between(repeated, Configs.Web));
    }
}
