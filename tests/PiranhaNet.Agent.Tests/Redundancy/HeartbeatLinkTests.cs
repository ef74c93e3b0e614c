using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PiranhaNet.Agent.Redundancy;
using PiranhaNet.Agent.Tests.Shared;
using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Agent.Tests.Redundancy;

/// <summary>
/// Heartbeat paths over real loopback sockets on a fake clock: a path that cannot listen says why; a working pair
/// measures its round trip without the time the peer held the stamp before echoing it.
/// </summary>
public sealed class HeartbeatLinkTests
{
    private static readonly byte[][] s_keys = [HeartbeatKey.TryDecode(HeartbeatKey.Generate())!];

    [Fact]
    public async Task RoundTrip_LeavesOutTheTimeThePeerHeldTheStamp_AndAPathOnAForeignAddressIsDownWithTheReason()
    {
        // A start at which microseconds computed in doubles would be 16 µs off after 40 ms: the round trip must still be 0.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero).AddTicks(2 * 1_234_567));
        var port = Dataplane.Userspace.Backends.FreePort();
        var (one, two) = (IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2"));
        var heardByBackup = 0;
        await using var primary = new HeartbeatLink(
            [new HeartbeatPath("public", one, two), new HeartbeatPath("private", IPAddress.Parse("192.0.2.77"), IPAddress.Parse("192.0.2.78"))],
            port, s_keys, _ => { }, time, NullLoggerFactory.Instance);
        await using var backup = new HeartbeatLink([new HeartbeatPath("public", two, one)], port, s_keys,
            packet => { Assert.Equal(DirectorRole.Primary, packet.Role); Interlocked.Increment(ref heardByBackup); }, time, NullLoggerFactory.Instance);

        await primary.SendAsync(DirectorRole.Primary, DirectorState.Active, forced: false, CancellationToken.None);
        await Eventually.TrueAsync(() => Volatile.Read(ref heardByBackup) == 1, TimeSpan.FromSeconds(5), "the backup hearing the primary");
        // The backup holds the primary's stamp for 40 ms before its own heartbeat echoes it; the clock stands still in flight.
        time.Advance(TimeSpan.FromMilliseconds(40));
        await backup.SendAsync(DirectorRole.Backup, DirectorState.Standby, forced: false, CancellationToken.None);
        await Eventually.TrueAsync(() => primary.Status(TimeSpan.FromSeconds(5))[0].RoundTripMilliseconds is not null, TimeSpan.FromSeconds(5),
            "the primary measuring its round trip");

        var status = primary.Status(TimeSpan.FromSeconds(5));
        Assert.True(status[0].Up);
        Assert.Equal(time.GetUtcNow(), status[0].LastHeard);
        Assert.Equal(0, status[0].RoundTripMilliseconds);
        Assert.False(status[1].Up);
        Assert.StartsWith($"cannot listen on 192.0.2.77:{port}", status[1].Error);
    }
}
