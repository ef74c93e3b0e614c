using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using PiranhaNet.Agent.Redundancy;
using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Agent.Tests.Redundancy;

/// <summary>Heartbeats over real UDP sockets on loopback: authentic ones pass, others are dropped and logged sparingly.</summary>
public sealed class HeartbeatSocketTests : IDisposable
{
    private static readonly byte[] s_key = Encoding.ASCII.GetBytes("the cluster's shared key, 32 bytes");
    private static readonly byte[] s_oldKey = Encoding.ASCII.GetBytes("the key before the last rotation!");
    private readonly FakeLogger<HeartbeatSocket<HeartbeatPacket>> _logger = new();
    private readonly HeartbeatSocket<HeartbeatPacket> _backup;
    private readonly HeartbeatSocket<HeartbeatPacket> _primary;

    public HeartbeatSocketTests()
    {
        _backup = new HeartbeatSocket<HeartbeatPacket>(new IPEndPoint(IPAddress.Loopback, 0), [s_key, s_oldKey], TimeProvider.System, _logger);
        _primary = new HeartbeatSocket<HeartbeatPacket>(new IPEndPoint(IPAddress.Loopback, 0), [s_key], TimeProvider.System, NullLogger<HeartbeatSocket<HeartbeatPacket>>.Instance);
    }

    public void Dispose()
    {
        _backup.Dispose();
        _primary.Dispose();
    }

    private static HeartbeatPacket Beat(ulong sequence) => new(DirectorRole.Primary, DirectorState.Active, sequence, DateTimeOffset.UtcNow);

    private async Task<HeartbeatPacket> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return (await _backup.ReceiveAsync(timeout.Token)).Packet;
    }

    [Fact]
    public async Task Receive_SkipsForgedAndReplayed_ReturnsTheNextAuthenticOne_AndLogsOnce()
    {
        using var forger = new HeartbeatSocket<HeartbeatPacket>(new IPEndPoint(IPAddress.Loopback, 0), [Encoding.ASCII.GetBytes("guessed key")], TimeProvider.System, NullLogger<HeartbeatSocket<HeartbeatPacket>>.Instance);
        await _primary.SendAsync(Beat(100), _backup.LocalEndPoint, CancellationToken.None);
        var first = await ReceiveAsync();

        await forger.SendAsync(Beat(101), _backup.LocalEndPoint, CancellationToken.None);
        await forger.SendAsync(Beat(102), _backup.LocalEndPoint, CancellationToken.None);
        await _primary.SendAsync(Beat(100), _backup.LocalEndPoint, CancellationToken.None);   // replayed
        await _primary.SendAsync(Beat(103), _backup.LocalEndPoint, CancellationToken.None);
        var next = await ReceiveAsync();

        Assert.Equal((100ul, 103ul), (first.Sequence, next.Sequence));
        Assert.Equal(["heartbeat from " + "127.0.0.1:" + ForgerPort(forger) + " refused: authentication failed (wrong key or altered packet)"],
            _logger.Collector.GetSnapshot().Select(r => r.Message));
    }

    [Fact]
    public async Task Receive_PreviousKeyDuringRotation_IsAccepted()
    {
        using var stillOld = new HeartbeatSocket<HeartbeatPacket>(new IPEndPoint(IPAddress.Loopback, 0), [s_oldKey], TimeProvider.System, NullLogger<HeartbeatSocket<HeartbeatPacket>>.Instance);

        await stillOld.SendAsync(Beat(5), _backup.LocalEndPoint, CancellationToken.None);

        Assert.Equal(5ul, (await ReceiveAsync()).Sequence);
    }

    private static int ForgerPort(HeartbeatSocket<HeartbeatPacket> forger) => forger.LocalEndPoint.Port;
}

/// <summary>How often refused heartbeats are logged, on a fake clock: once, then not again within the interval, then with a count.</summary>
public sealed class HeartbeatSocketLogTests : IDisposable
{
    private static readonly byte[] s_key = Encoding.ASCII.GetBytes("the cluster's shared key, 32 bytes");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly FakeLogger<HeartbeatSocket<HeartbeatPacket>> _logger = new();
    private readonly HeartbeatSocket<HeartbeatPacket> _backup;
    private readonly HeartbeatSocket<HeartbeatPacket> _primary;
    private readonly HeartbeatSocket<HeartbeatPacket> _forger;
    private ulong _sequence;

    public HeartbeatSocketLogTests()
    {
        _backup = new HeartbeatSocket<HeartbeatPacket>(new IPEndPoint(IPAddress.Loopback, 0), [s_key], _time, _logger);
        _primary = new HeartbeatSocket<HeartbeatPacket>(new IPEndPoint(IPAddress.Loopback, 0), [s_key], _time, NullLogger<HeartbeatSocket<HeartbeatPacket>>.Instance);
        _forger = new HeartbeatSocket<HeartbeatPacket>(new IPEndPoint(IPAddress.Loopback, 0), [Encoding.ASCII.GetBytes("guessed key")], _time, NullLogger<HeartbeatSocket<HeartbeatPacket>>.Instance);
    }

    public void Dispose()
    {
        _backup.Dispose();
        _primary.Dispose();
        _forger.Dispose();
    }

    private IReadOnlyList<string> Lines => [.. _logger.Collector.GetSnapshot().Select(r => r.Message)];

    // Forged heartbeats, then an authentic one: once that one is received, the forged ones have been dealt with.
    private async Task ForgedThenAuthenticAsync(int forged)
    {
        for (var i = 0; i < forged; i++)
        {
            await _forger.SendAsync(new HeartbeatPacket(DirectorRole.Primary, DirectorState.Active, ++_sequence, _time.GetUtcNow()), _backup.LocalEndPoint, CancellationToken.None);
        }
        await _primary.SendAsync(new HeartbeatPacket(DirectorRole.Primary, DirectorState.Active, ++_sequence, _time.GetUtcNow()), _backup.LocalEndPoint, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.Equal(_sequence, (await _backup.ReceiveAsync(timeout.Token)).Packet.Sequence);
    }

    [Fact]
    public async Task Refusals_AreLoggedOncePerInterval_WithHowManyMoreWereRefused()
    {
        await ForgedThenAuthenticAsync(5);
        var first = Lines.Count;
        _time.Advance(HeartbeatSocket<HeartbeatPacket>.LogInterval - TimeSpan.FromMilliseconds(1));
        await ForgedThenAuthenticAsync(3);
        var withinTheInterval = Lines.Count;
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await ForgedThenAuthenticAsync(1);

        Assert.Equal((1, 1), (first, withinTheInterval));
        Assert.Equal(2, Lines.Count);
        Assert.EndsWith("refused: authentication failed (wrong key or altered packet) (7 more refused since the last report)", Lines[1]);
    }
}
