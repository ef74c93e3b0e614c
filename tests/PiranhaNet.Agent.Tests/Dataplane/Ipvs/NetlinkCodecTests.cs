using PiranhaNet.Agent.Interop;
using PiranhaNet.Agent.Netlink;

namespace PiranhaNet.Agent.Tests.Dataplane.Ipvs;

/// <summary>The netlink message layout, byte for byte, and reading attributes back.</summary>
public sealed class NetlinkCodecTests
{
    [Fact]
    public void Writer_lays_out_headers_padded_attributes_and_nested_lengths()
    {
        var message = new NetlinkMessageWriter(family: 0x1c, NetlinkMessageFlags.Request | NetlinkMessageFlags.Acknowledge, sequence: 7, command: 1, version: 1)
            .BeginNested(IpvsCommandAttribute.Service)
            .U16(IpvsServiceAttribute.AddressFamily, 2)
            .BigEndianU16(IpvsServiceAttribute.Port, 80)
            .String(IpvsServiceAttribute.SchedulerName, "rr")
            .EndNested()
            .ToArray();

        byte[] expected =
        [
            48, 0, 0, 0, 0x1c, 0, 5, 0, 7, 0, 0, 0, 0, 0, 0, 0,   // nlmsghdr: length 48, type, flags, sequence, port 0
            1, 1, 0, 0,                                            // genlmsghdr: command 1, version 1
            28, 0, 1, 0x80,                                        // nested attribute 1 (NLA_F_NESTED), 28 bytes
            6, 0, 1, 0, 2, 0, 0, 0,                                // u16 2, padded to 4
            6, 0, 4, 0, 0, 80, 0, 0,                               // port 80 in network order
            7, 0, 6, 0, (byte)'r', (byte)'r', 0, 0,                // "rr" and its NUL, padded
        ];
        Assert.Equal(expected, message);
    }

    [Fact]
    public void Attributes_read_back_what_the_writer_wrote()
    {
        var message = new NetlinkMessageWriter(0x1c, NetlinkMessageFlags.Request, 1, 4, 1)
            .BeginNested(IpvsCommandAttribute.Service)
            .U32(IpvsServiceAttribute.FirewallMark, 3_000_000_000).BigEndianU16(IpvsServiceAttribute.Port, 443).String(IpvsServiceAttribute.SchedulerName, "wlc")
            .EndNested()
            .ToArray();

        var nested = new NetlinkAttributes(message.AsSpan(20)).Nested(IpvsCommandAttribute.Service);

        Assert.Equal(3_000_000_000u, nested.U32(IpvsServiceAttribute.FirewallMark));
        Assert.Equal((ushort)443, nested.BigEndianU16(IpvsServiceAttribute.Port));
        Assert.Equal("wlc", nested.String(IpvsServiceAttribute.SchedulerName));
        Assert.False(nested.Has(IpvsServiceAttribute.Netmask));
        var missing = Assert.Throws<NetlinkException>(() => nested.U32(IpvsServiceAttribute.Netmask));
        Assert.Contains("attribute Netmask (9)", missing.Message);
        Assert.True(missing.Is(Errno.Protocol));
    }

    [Fact]
    public void An_attribute_longer_than_its_message_is_refused_by_name()
    {
        byte[] truncated = [40, 0, 3, 0, 1, 2, 3, 4];
        var error = Assert.Throws<NetlinkException>(() => new NetlinkAttributes(truncated));
        Assert.Contains("type 3, length 40", error.Message);
    }

    [Fact]
    public void An_unclosed_nested_attribute_is_a_programming_error()
    {
        var writer = new NetlinkMessageWriter(0x1c, NetlinkMessageFlags.Request, 1, 1, 1).BeginNested(IpvsCommandAttribute.Service);
        Assert.Throws<InvalidOperationException>(writer.ToArray);
    }
}
