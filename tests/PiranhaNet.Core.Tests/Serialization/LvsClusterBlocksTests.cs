using PiranhaNet.Core.Model;
using PiranhaNet.Core.Serialization;
using PiranhaNet.Core.Tests.Shared;

namespace PiranhaNet.Core.Tests.Serialization;

/// <summary>The cluster's directors and failover groups in lvs.cf: whole blocks on '# piranhanet:' lines, which Piranha skips.</summary>
public class LvsClusterBlocksTests
{
    [Fact]
    public void Read_ClusterFile_HasItsDirectorsGroupsAndElementsGroups()
    {
        var config = LvsConfigReader.Read(ClusterConfigs.Text);

        var redundancy = config.Redundancy;
        Assert.Equal(("lvs1", "lvs2", QuorumPolicy.On, 1.0, 10.0, "239.255.88.1"),
            (redundancy.PrimaryName, redundancy.BackupName, redundancy.Quorum, redundancy.WarnTime, redundancy.InitDead, redundancy.Multicast));
        Assert.Equal([new ClusterDirectorConfig { Name = "lvs3", Address = "192.0.2.3", PrivateAddress = "10.0.0.3" }], redundancy.Directors);
        Assert.Equal(["a", "b"], redundancy.Groups.Select(g => g.Name));
        Assert.Equal([new GroupMemberConfig("lvs2", 100), new GroupMemberConfig("lvs3", 50), new GroupMemberConfig("lvs1", 10)], redundancy.Groups[1].Members);
        Assert.False(redundancy.Groups[1].Failback);
        Assert.Equal(["a", "b"], config.VirtualServers.Select(v => v.Group));
    }

    [Fact]
    public void WriteRead_ClusterFile_SameTextByteForByte()
    {
        Assert.Equal(ClusterConfigs.Text, LvsConfigWriter.Write(LvsConfigReader.Read(ClusterConfigs.Text)));
    }

    [Fact]
    public void Write_PairWithoutClusterSettings_WritesNoClusterLines()
    {
        var pair = new LvsConfig { Global = new GlobalSettingsConfig { Primary = "192.0.2.1" }, Redundancy = new RedundancyConfig { Enabled = true, Backup = "192.0.2.2", Heartbeat = true } };

        Assert.DoesNotContain("piranhanet", LvsConfigWriter.Write(pair), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("# piranhanet: director lvs3 {\naddress = 192.0.2.3\n# piranhanet: }\n", 2, 1, "keys of director 'lvs3' go on '# piranhanet:' lines, as its header does")]
    [InlineData("# piranhanet: director lvs3 {\n# piranhanet: address = 192.0.2.3\n}\n", 3, 1, "director 'lvs3' (opened at line 1) is closed with '# piranhanet: }', as it was opened")]
    [InlineData("virtual web {\n address = 192.0.2.10\n# piranhanet: }\n", 3, 15, "virtual server 'web' (opened at line 1) is closed with a plain '}', not '# piranhanet: }'")]
    [InlineData("# piranhanet: director lvs3 {\n# piranhanet: }\n# piranhanet: director lvs3 {\n# piranhanet: }\n", 3, 24, "duplicate director name 'lvs3' (first defined at line 1)")]
    [InlineData("# piranhanet: group a {\n# piranhanet: members = lvs1-100\n# piranhanet: }\n", 2, 25, "'lvs1-100' in 'members' is not DIRECTOR:PRIORITY, e.g. lvs1:100")]
    [InlineData("virtual web {\n# piranhanet: group a {\n# piranhanet: }\n}\n", 2, 21, "a 'group' block cannot be inside virtual server 'web' (opened at line 1); is a '}' missing?")]
    [InlineData("# piranhanet: group a {\n# piranhanet: weight = 1\n# piranhanet: }\n", 2, 15, "key 'weight' is not allowed in failover group 'a'; it belongs in a server block")]
    public void Read_MalformedClusterBlock_ErrorAtLineAndColumn(string text, int line, int column, string message)
    {
        var result = LvsConfigReader.TryRead(text);

        Assert.Null(result.Config);
        Assert.Contains(result.Errors, e => (e.Line, e.Column, e.Message) == (line, column, message));
    }
}
