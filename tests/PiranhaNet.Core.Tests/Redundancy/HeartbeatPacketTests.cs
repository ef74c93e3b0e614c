using System.Text;
using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Core.Tests.Redundancy;

public class HeartbeatPacketTests
{
    private static readonly byte[] s_key = Encoding.ASCII.GetBytes("correct horse battery staple key!");
    private static readonly DateTimeOffset s_time = new(2026, 11, 22, 8, 40, 0, 123, TimeSpan.Zero);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void EncodeDecode_SameKey_RoundTrips()
    {
        var packet = new HeartbeatPacket(DirectorRole.Backup, DirectorState.Standby, 1_732_000_000_000, s_time);

        var decoded = HeartbeatPacket.TryDecode(packet.Encode(s_key), s_key, out var error);

        Assert.Equal(packet, decoded);
        Assert.Equal("", error);
    }

    [Fact]
    public void Decode_WrongKeyOrAlteredByte_IsRefusedAsUnauthenticated()
    {
        var bytes = new HeartbeatPacket(DirectorRole.Primary, DirectorState.Active, 7, s_time).Encode(s_key);
        var altered = (byte[])bytes.Clone();
        altered[2] = (byte)DirectorState.Standby;

        Assert.Null(HeartbeatPacket.TryDecode(bytes, Encoding.ASCII.GetBytes("another key"), out var wrongKey));
        Assert.Null(HeartbeatPacket.TryDecode(altered, s_key, out var tampered));
        Assert.Equal("authentication failed (wrong key or altered packet)", wrongKey);
        Assert.Equal(wrongKey, tampered);
        Assert.Null(HeartbeatPacket.TryDecode(bytes.AsSpan(1), s_key, out var shortError));
        Assert.Equal($"a heartbeat is {HeartbeatPacket.Length} bytes, not {HeartbeatPacket.Length - 1}", shortError);
    }

    [Fact]
    public void ReplayGuard_OldSequenceOrFarTime_IsRefused()
    {
        var guard = new HeartbeatReplayGuard(new FixedClock(s_time));
        HeartbeatPacket Packet(ulong sequence, int secondsAgo = 0) => new(DirectorRole.Primary, DirectorState.Active, sequence, s_time.AddSeconds(-secondsAgo));

        var first = guard.Accept(Packet(10), out _);
        var replayed = guard.Accept(Packet(10), out var replayError);
        var next = guard.Accept(Packet(11), out _);
        var stale = guard.Accept(Packet(12, secondsAgo: 31), out var staleError);

        Assert.Equal((true, false, true, false), (first, replayed, next, stale));
        Assert.Equal("replayed or reordered heartbeat (sequence 10, last 10)", replayError);
        Assert.StartsWith("heartbeat time is 31 s off", staleError);
    }
}

public class HeartbeatPacketFieldsTests
{
    [Fact]
    public void ForcedFlagAndEchoFields_RoundTrip_AndAreCoveredByTheMac()
    {
        var key = PiranhaNet.Core.Redundancy.HeartbeatKey.TryDecode(PiranhaNet.Core.Redundancy.HeartbeatKey.Generate())!;
        var packet = new HeartbeatPacket(DirectorRole.Backup, DirectorState.Active, 9, new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
            Forced: true, Stamp: 123_456_789, EchoStamp: 987_654_321, EchoHeldMicroseconds: 4_000);
        var bytes = packet.Encode(key);
        var unforced = (byte[])bytes.Clone();
        unforced[3] = 0;

        Assert.Equal(packet, HeartbeatPacket.TryDecode(bytes, key, out _));
        Assert.Null(HeartbeatPacket.TryDecode(unforced, key, out _));
    }

    [Fact]
    public void Key_GeneratedKeysDecode_OtherTextDoesNot_FingerprintIsEightHexDigits()
    {
        var key = PiranhaNet.Core.Redundancy.HeartbeatKey.Generate();

        Assert.Equal(32, PiranhaNet.Core.Redundancy.HeartbeatKey.TryDecode(key)!.Length);
        Assert.Null(PiranhaNet.Core.Redundancy.HeartbeatKey.TryDecode("c2hvcnQ="));
        Assert.Null(PiranhaNet.Core.Redundancy.HeartbeatKey.TryDecode("not base64!"));
        Assert.Matches("^[0-9a-f]{8}$", PiranhaNet.Core.Redundancy.HeartbeatKey.Fingerprint(new byte[32]));
        Assert.Equal("66687aad", PiranhaNet.Core.Redundancy.HeartbeatKey.Fingerprint(new byte[32]));
    }
}
