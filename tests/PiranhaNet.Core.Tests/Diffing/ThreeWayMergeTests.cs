using PiranhaNet.Core.Diffing;
using PiranhaNet.Core.Editing;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Tests.Shared;

namespace PiranhaNet.Core.Tests.Diffing;

public class ThreeWayMergeTests
{
    private static readonly LvsConfig Base = Configs.Web;

    private static LvsConfig Vs(LvsConfig config, Func<VirtualServerConfig, VirtualServerConfig> change) => config.UpdateVirtualServer("web", change);

    [Fact]
    public void Merge_DifferentFieldsOfOneElement_TakesBoth()
    {
        var result = ThreeWayMerge.Merge(Base, Vs(Base, v => v with { Port = 8080 }), Vs(Base, v => v with { Scheduler = "rr" }));

        Assert.Empty(result.Conflicts);
        Assert.Equal((8080, "rr"), (result.Merged!.VirtualServers[0].Port, result.Merged.VirtualServers[0].Scheduler));
    }

    [Fact]
    public void Merge_SameFieldSameValue_IsNoConflict()
    {
        var both = Vs(Base, v => v with { Port = 8080 });

        var result = ThreeWayMerge.Merge(Base, both, both);

        Assert.Empty(result.Conflicts);
        Assert.Empty(ConfigDiffer.Diff(both, result.Merged!));
    }

    [Fact]
    public void Merge_SameFieldDifferentValues_IsAConflictWithAllThreeValues()
    {
        var result = ThreeWayMerge.Merge(Base, Configs.WithReal(r => r with { Weight = 5 }), Configs.WithReal(r => r with { Weight = 9 }));

        Assert.Null(result.Merged);
        Assert.Equal(new ThreeWayMerge.Conflict("virtualServers[web].realServers[r2].weight", "1", "5", "9"), Assert.Single(result.Unsettled));
    }

    [Theory]
    [InlineData(ThreeWayMerge.Side.Mine, 5)]
    [InlineData(ThreeWayMerge.Side.Theirs, 9)]
    public void Merge_ConflictSettled_TakesTheChosenSide(ThreeWayMerge.Side side, int weight)
    {
        var result = ThreeWayMerge.Merge(Base, Configs.WithReal(r => r with { Weight = 5 }), Configs.WithReal(r => r with { Weight = 9 }),
            new Dictionary<string, ThreeWayMerge.Side> { ["virtualServers[web].realServers[r2].weight"] = side });

        Assert.Empty(result.Unsettled);
        Assert.Single(result.Conflicts);
        Assert.Equal(weight, result.Merged!.VirtualServers[0].RealServers[1].Weight);
    }

    [Fact]
    public void Merge_ElementsAddedOnBothSides_KeepsBothInTheLatestOrderThenMine()
    {
        var mine = Base.AddVirtualServer(Base.VirtualServers[0] with { Name = "api", Address = "192.0.2.40" });
        var theirs = Base.AddVirtualServer(Base.VirtualServers[0] with { Name = "mail", Address = "192.0.2.50" });

        var result = ThreeWayMerge.Merge(Base, mine, theirs);

        Assert.Equal(["web", "mail", "api"], result.Merged!.VirtualServers.Select(v => v.Name));
    }

    [Fact]
    public void Merge_RemovedOnOneSideUntouchedOnTheOther_IsRemoved()
    {
        var result = ThreeWayMerge.Merge(Base, Base.RemoveRealServer("web", "r1"), Vs(Base, v => v with { Port = 8080 }));

        Assert.Equal(["r2"], result.Merged!.VirtualServers[0].RealServers.Select(r => r.Name));
        Assert.Equal(8080, result.Merged.VirtualServers[0].Port);
    }

    [Fact]
    public void Merge_RemovedOnOneSideChangedOnTheOther_IsAConflictOfTheElement()
    {
        var result = ThreeWayMerge.Merge(Base, Base.RemoveRealServer("web", "r2"), Configs.WithReal(r => r with { Weight = 9 }));

        var conflict = Assert.Single(result.Unsettled);
        Assert.Equal("virtualServers[web].realServers[r2]", conflict.Path);
        Assert.Null(conflict.Mine);
        Assert.Contains("\"weight\":9", conflict.Theirs);
    }

    [Fact]
    public void Merge_TopLevelSettingsAndElements_MergeIndependently()
    {
        var mine = Base with { Global = Base.Global with { Primary = "192.0.2.9" } };
        var theirs = Base.RemoveRealServer("web", "r1");

        var result = ThreeWayMerge.Merge(Base, mine, theirs with { SerialNo = 7 });

        Assert.Equal(("192.0.2.9", 1, 7), (result.Merged!.Global.Primary, result.Merged.VirtualServers[0].RealServers.Count, result.Merged.SerialNo));
    }
}
