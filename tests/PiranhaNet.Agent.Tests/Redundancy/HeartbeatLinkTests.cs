using System.Net;
using PiranhaNet.Agent.Redundancy;
using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Agent.Tests.Redundancy;

/// <summary>Heartbeat paths over real loopback sockets: a path that cannot listen says why; a working pair measures its round trip.</summary>
public sealed class HeartbeatLinkTests
{
    private static readonly byte[][] s_keys = [HeartbeatKey.TryDecode(HeartbeatKey.Generate())!];

    [Fact]
    public async Task PathOnAnAddressNotOnThisHost_IsDownWithTheReason_TheOtherPathWorksAndMeasuresItsRoundTrip()
    {
        var port = Dataplane.Userspace.Backends.FreePort();
        var (one, two) = (IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2"));
        await using var primary = new HeartbeatLink(
            [new HeartbeatPath("public", one, two), new HeartbeatPath("private", IPAddress.Parse("192.0.2.77"), IPAddress.Parse("192.0.2.78"))],
            port, s_keys, TimeProvider.System, _ => { });
        await using var backup = new HeartbeatLink([new HeartbeatPath("public", two, one)], port, s_keys, TimeProvider.System, _ => { });
        var heard = new List<HeartbeatPacket>();
        backup.Heard += packet => { lock (heard) { heard.Add(packet); } };

        // A few rounds each way: the primary's round trip needs the backup to echo its stamp back.
        for (var round = 0; round < 20 && primary.Status(TimeSpan.FromSeconds(5))[0].RoundTripMilliseconds is null; round++)
        {
            await primary.SendAsync(DirectorRole.Primary, DirectorState.Active, forced: false, CancellationToken.None);
            await Task.Delay(20);
            await backup.SendAsync(DirectorRole.Backup, DirectorState.Standby, forced: false, CancellationToken.None);
            await Task.Delay(20);
        }

        var status = primary.Status(TimeSpan.FromSeconds(5));
        Assert.True(status[0].Up);
        Assert.InRange(status[0].RoundTripMilliseconds!.Value, 0, 1000);
        Assert.False(status[1].Up);
        Assert.StartsWith($"cannot listen on 192.0.2.77:{port}", status[1].Error);
        lock (heard)
        {
            Assert.NotEmpty(heard);
            Assert.All(heard, packet => Assert.Equal(DirectorRole.Primary, packet.Role));
        }
    }
}
