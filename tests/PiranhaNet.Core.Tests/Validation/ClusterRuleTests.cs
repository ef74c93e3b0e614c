using PiranhaNet.Core.Model;
using PiranhaNet.Core.Serialization;
using PiranhaNet.Core.Tests.Shared;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Core.Tests.Validation;

/// <summary>The cluster's directors, groups and elements' groups, each problem named by its field path.</summary>
public class ClusterRuleTests
{
    private static readonly LvsConfig s_cluster = LvsConfigReader.Read(ClusterConfigs.Text);

    private static List<string> Errors(LvsConfig config) =>
        [.. ConfigValidator.Default.Validate(config).Select(e => $"{e.Path}|{e.Value}|{e.Message}")];

    private static LvsConfig WithGroups(params FailoverGroupConfig[] groups) =>
        s_cluster with { Redundancy = s_cluster.Redundancy with { Groups = groups.ToEquatableArray() } };

    private static FailoverGroupConfig Group(string name, params GroupMemberConfig[] members) => new() { Name = name, Members = members.ToEquatableArray() };

    private static GroupMemberConfig Member(string director, int priority) => new(director, priority);

    [Fact]
    public void Validate_TheClusterFile_HasNoErrors()
    {
        Assert.Empty(Errors(s_cluster));
    }

    [Fact]
    public void Validate_UnknownListedTwiceOutOfRangeAndTiedMembers_EachNamed()
    {
        var config = WithGroups(
            Group("a", Member("lvs1", 100), Member("lvs9", 90), Member("lvs1", 80), Member("lvs2", 0)),
            Group("b", Member("lvs2", 100), Member("lvs3", 100)));

        Assert.Equal(
        [
            "redundancy.groups[a].members|lvs9:90|unknown director 'lvs9'; the cluster's directors are lvs1, lvs2, lvs3",
            "redundancy.groups[a].members|lvs1:80|director 'lvs1' is listed twice",
            "redundancy.groups[a].members|lvs2:0|priority 0 of 'lvs2' is out of range 1..255",
            "redundancy.groups[b].members|lvs3:100|priority 100 is also that of 'lvs2': priorities are unique in a group, so the order is never a tie",
        ], Errors(config));
    }

    [Fact]
    public void Validate_EmptyAndDuplicateGroups_Named()
    {
        var config = WithGroups(Group("a", Member("lvs1", 1)), Group("a", Member("lvs2", 1)), Group("b"));

        Assert.Equal(
        [
            "redundancy.groups[a].name|a|duplicate failover group name 'a'",
            "redundancy.groups[b].members||failover group 'b' has no directors: list them as members = DIRECTOR:PRIORITY,...",
        ], Errors(config));
    }

    [Fact]
    public void Validate_ElementWithoutGroupOrWithAnUnknownOne_Named()
    {
        var config = s_cluster with
        {
            VirtualServers = [s_cluster.VirtualServers[0] with { Group = null }, s_cluster.VirtualServers[1] with { Group = "c" }],
        };

        Assert.Equal(
        [
            "virtualServers[web].group||virtual server 'web' is in no failover group: name one of a, b",
            "virtualServers[api].group|c|unknown failover group 'c'; the groups are a, b",
        ], Errors(config));
    }

    [Fact]
    public void Validate_AnAddressInTwoGroups_Refused()
    {
        var config = s_cluster with { VirtualServers = [s_cluster.VirtualServers[0], s_cluster.VirtualServers[1] with { Address = "192.0.2.10" }] };

        Assert.Contains("virtualServers[api].group|b|address 192.0.2.10 of virtual server 'api' is also used by virtual server 'web', in group 'a': an address moves with one group",
            Errors(config));
    }

    [Fact]
    public void Validate_DirectorsNamesAndAddresses_UniqueAcrossTheCluster()
    {
        var config = s_cluster with
        {
            Redundancy = s_cluster.Redundancy with
            {
                Directors = [new ClusterDirectorConfig { Name = "lvs2", Address = "192.0.2.1" }, new ClusterDirectorConfig { Name = "lvs4", Address = "no" }],
            },
        };

        Assert.Equal(
        [
            "redundancy.directors[lvs2].name|lvs2|director name 'lvs2' is already used (redundancy.backupName)",
            "redundancy.directors[lvs2].address|192.0.2.1|address 192.0.2.1 is already used by director 'lvs1'",
            "redundancy.directors[lvs4].address|no|'no' is not an IPv4 or IPv6 address",
            "redundancy.groups[a].members|lvs3:10|unknown director 'lvs3'; the cluster's directors are lvs1, lvs2, lvs4",
            "redundancy.groups[b].members|lvs3:50|unknown director 'lvs3'; the cluster's directors are lvs1, lvs2, lvs4",
        ], Errors(config));
    }

    [Fact]
    public void Validate_GroupsWithoutDefiningThem_NamedOnTheElement()
    {
        var pair = Configs.WithVirtual(v => v with { Group = "a" });

        Assert.Equal(["virtualServers[web].group|a|no failover groups are defined: define group 'a' or leave virtual server 'web' in the pair's"], Errors(pair));
    }

    [Fact]
    public void Validate_DirectorsWithoutBackupOrGroups_Refused()
    {
        var config = Configs.Web with
        {
            Redundancy = new RedundancyConfig { Directors = [new ClusterDirectorConfig { Name = "lvs3", Address = "192.0.2.3" }] },
        };

        Assert.Equal(
        [
            "redundancy.enabled|false|directors beyond the primary need the backup director too: set backup_active = 1 and backup",
            "redundancy.groups||director 'lvs3' is in no failover group: with directors beyond the primary and the backup, define the groups that say who runs what",
        ], Errors(config));
    }

    [Fact]
    public void Validate_MoreDirectorsThanTheLimit_Refused()
    {
        var many = Enumerable.Range(3, 31).Select(i => new ClusterDirectorConfig { Name = $"lvs{i}", Address = $"192.0.2.{i}" }).ToEquatableArray();
        var config = s_cluster with { Redundancy = s_cluster.Redundancy with { Directors = many } };

        Assert.Contains("redundancy.directors|31|at most 32 directors in a cluster, not 33", Errors(config));
    }

    [Theory]
    [InlineData("192.0.2.9", "'192.0.2.9' is not an IPv4 multicast address (224.0.0.0 to 239.255.255.255; 239.x.x.x is for a site's own use)")]
    [InlineData("ff02::1", "'ff02::1' is not an IPv4 multicast address (224.0.0.0 to 239.255.255.255; 239.x.x.x is for a site's own use)")]
    [InlineData("group", "'group' is not an IPv4 multicast address (224.0.0.0 to 239.255.255.255; 239.x.x.x is for a site's own use)")]
    public void Validate_AMulticastGroupThatIsNot_Refused(string group, string message)
    {
        var config = s_cluster with { Redundancy = s_cluster.Redundancy with { Multicast = group } };

        Assert.Equal([$"redundancy.multicast|{group}|{message}"], Errors(config));
    }

    [Fact]
    public void Validate_MulticastInAPairOrWithAnIpv6Director_Refused()
    {
        var pair = s_cluster with { Redundancy = s_cluster.Redundancy with { Directors = [], Groups = [] }, VirtualServers = [.. s_cluster.VirtualServers.Select(v => v with { Group = null })],
            FailoverServices = [.. s_cluster.FailoverServices.Select(f => f with { Group = null })], Global = s_cluster.Global with { NatRouterGroup = null } };
        var ipv6 = s_cluster with { Redundancy = s_cluster.Redundancy with { Directors = [s_cluster.Redundancy.Directors[0] with { Address = "2001:db8::3" }] } };

        Assert.Equal(["redundancy.multicast|239.255.88.1|multicast heartbeats are for a cluster (failover groups); a pair heartbeats to its peer's address"], Errors(pair));
        Assert.Equal(["redundancy.multicast|239.255.88.1|director 'lvs3' heartbeats from 2001:db8::3, an IPv6 address: multicast heartbeats need IPv4 addresses on every path"],
            Errors(ipv6));
    }
}
