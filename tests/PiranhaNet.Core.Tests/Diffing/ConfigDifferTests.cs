using PiranhaNet.Core.Diffing;
using PiranhaNet.Core.Editing;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Tests.Shared;

namespace PiranhaNet.Core.Tests.Diffing;

public class ConfigDifferTests
{
    [Fact]
    public void Diff_SameConfigOtherSerial_IsEmpty()
    {
        Assert.Empty(ConfigDiffer.Diff(Configs.Web, Configs.Web with { SerialNo = 9 }));
    }

    [Fact]
    public void Diff_WeightChanged_NamesTheFieldByElementNames()
    {
        var changes = ConfigDiffer.Diff(Configs.Web, Configs.WithReal(r => r with { Weight = 7 }));

        Assert.Equal(new ConfigChange(ConfigChangeKind.Changed, "virtualServers[web].realServers[r2].weight", "1", "7"), Assert.Single(changes));
        Assert.Equal("virtualServers[web].realServers[r2].weight: 1 -> 7", changes[0].Describe());
    }

    [Fact]
    public void Diff_RealServersReordered_IsNotAChange()
    {
        var reordered = Configs.WithVirtual(v => v with { RealServers = [v.RealServers[1], v.RealServers[0]] });

        Assert.Empty(ConfigDiffer.Diff(Configs.Web, reordered));
    }

    [Fact]
    public void Diff_AddedVirtualServer_IsOneLineWithItsSummary()
    {
        var added = Configs.Web.AddVirtualServer(Configs.Web.VirtualServers[0] with { Name = "api", Address = "192.0.2.11", Scheduler = "rr" });

        var change = Assert.Single(ConfigDiffer.Diff(Configs.Web, added));

        Assert.Equal("added virtual server 'api' (192.0.2.11:80/tcp rr; r1 192.0.2.21:80 weight 1, r2 192.0.2.22:80 weight 1)", change.Describe());
    }

    [Fact]
    public void Diff_RemovedRealServer_SaysFromWhichVirtualServer()
    {
        var change = Assert.Single(ConfigDiffer.Diff(Configs.Web, Configs.Web.RemoveRealServer("web", "r1")));

        Assert.Equal("removed real server 'r1' from virtual server 'web' (192.0.2.21:80 weight 1)", change.Describe());
    }

    [Fact]
    public void Diff_OptionalFieldCleared_ShowsUnset()
    {
        var change = Assert.Single(ConfigDiffer.Diff(Configs.Web, Configs.WithVirtual(v => v with { Device = null })));

        Assert.Equal("virtualServers[web].device: eth0:1 -> (unset)", change.Describe());
    }

    [Fact]
    public void Summarize_ManyChanges_ShowsThreeAndCountsTheRest()
    {
        var changed = Configs.Web with { Global = Configs.Web.Global with { Primary = "192.0.2.2", DebugLevel = "DEBUG", Network = NetworkType.Tunnel, HardShutdown = false } };

        var summary = ConfigDiffer.Summarize(ConfigDiffer.Diff(Configs.Web, changed));

        Assert.EndsWith("; and 1 more", summary);
        Assert.Equal("no changes", ConfigDiffer.Summarize([]));
    }
}
