using System.Net;
using System.Text;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Tests.Shared;

namespace PiranhaNet.Core.Tests.Protocol;

public class AgentProtocolTests
{
    public static TheoryData<int> Seeds() => [1, 2, 3];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void EncodeDecode_Configure_CarriesTheWholeConfiguration(int seed)
    {
        var config = new ConfigGenerator(seed).Next();

        var decoded = Assert.IsType<ConfigureMessage>(AgentProtocol.Decode(AgentProtocol.Encode(new ConfigureMessage(7, true, config))));

        Assert.Equal((7, true, config), (decoded.Version, decoded.Running, decoded.Config));
        Assert.Equal(AgentProtocol.Version, decoded.V);
    }

    [Fact]
    public void EncodeDecode_Status_CarriesTheTableWithAddresses()
    {
        var service = Assert.Single(DesiredTable.From(Configs.Web));
        var status = new DirectorStatus("lvs1", "userspace", true, 3, null,
            [IpvsServiceStatus.Unmeasured(service) with { Stats = new IpvsCounters(5, 1, 2, 300, 400) }],
            [IpvsServiceKey.ForAddress(TransportProtocol.Udp, IPAddress.Parse("2001:db8::53"), 53)]);

        var decoded = Assert.IsType<StatusMessage>(AgentProtocol.Decode(AgentProtocol.Encode(new StatusMessage(status))));

        Assert.Equal(status, decoded.Status);
    }

    [Fact]
    public void EncodeDecode_RedundancyStatusAndTheNewMessages_RoundTrip_KeysStayOutOfToString()
    {
        var at = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        var redundancy = new RedundancyStatus(Core.Redundancy.DirectorRole.Backup, Core.Redundancy.DirectorState.Active, "peer silent", false,
            Core.Redundancy.DirectorState.Stopped, [new HeartbeatPathStatus("public", "192.0.2.2", "192.0.2.1", false, at, 0.25)],
            [new FailoverRecord(at, Core.Redundancy.DirectorState.Standby, Core.Redundancy.DirectorState.Active, "peer silent")], ["192.0.2.10/32 on eth0:1 (virtual server web)"],
            "66687aad", null);
        var status = new DirectorStatus("lvs2", "ipvs", true, 3, null, [], [], Redundancy: redundancy);
        var keys = new HeartbeatKeyMessage("a2V5", "b2xk", at);

        Assert.Equal(status, Assert.IsType<StatusMessage>(AgentProtocol.Decode(AgentProtocol.Encode(new StatusMessage(status)))).Status);
        Assert.Equal(keys, AgentProtocol.Decode(AgentProtocol.Encode(keys)));
        Assert.Equal(new MakeActiveMessage(true), AgentProtocol.Decode(AgentProtocol.Encode(new MakeActiveMessage(true))));
        Assert.DoesNotContain("a2V5", keys.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_Message_NamesItsTypeAndVersion()
    {
        var json = Encoding.UTF8.GetString(AgentProtocol.Encode(new AppliedMessage(4, 1)));

        Assert.Equal("""{"type":"applied","version":4,"changes":1,"v":5}""", json);
    }

    [Fact]
    public void EncodeDecode_ClusterOperations_KeepsPauseDrainAndMoves()
    {
        var operations = new ClusterOperationsMessage(false, true, [new GroupMove("a", "lvs3")]);

        Assert.Equal(operations, AgentProtocol.Decode(AgentProtocol.Encode(operations)));
    }

    [Fact]
    public void Decode_UnknownType_IsAPlainMessageToIgnore()
    {
        var message = AgentProtocol.Decode("""{"type":"telemetry","v":2,"anything":[1,2]}"""u8);

        Assert.Equal(typeof(AgentMessage), message.GetType());
        Assert.Equal(2, message.V);
    }

    [Fact]
    public void Decode_NotJson_Throws()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => AgentProtocol.Decode("hello"u8));
    }
}
