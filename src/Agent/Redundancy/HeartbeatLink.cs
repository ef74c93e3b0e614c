using System.Net;
using System.Net.Sockets;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// The heartbeat paths to the peer (public and, when configured, private): one socket on each, bound to this
/// director's address on that path. Sends this director's heartbeat on every path, hands each authentic one
/// received to the callback, and measures each path's round trip from the stamps the peer echoes back.
/// </summary>
internal sealed partial class HeartbeatLink : IHeartbeatLink
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<HeartbeatPacket> _heard;
    private readonly List<PathEnd> _ends = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _receivers = [];
    private ulong _sequence;

    private sealed class PathEnd(HeartbeatPath path, HeartbeatSocket<HeartbeatPacket>? socket, IPEndPoint peer)
    {
        public HeartbeatPath Path { get; } = path;
        public HeartbeatSocket<HeartbeatPacket>? Socket { get; } = socket;
        public IPEndPoint PeerEndPoint { get; } = peer;
        public ulong PeerStamp;
        public long PeerStampHeldSince;
        public DateTimeOffset? LastHeard;
        public double? RoundTripMilliseconds;
        public string? Error;
    }

    /// <summary>
    /// Binds a socket on each path's local address; a path that cannot be bound is reported down with the reason.
    /// <paramref name="heard"/> is called on the receiving thread for every authentic, new heartbeat, whichever path carried it.
    /// </summary>
    public HeartbeatLink(IReadOnlyList<HeartbeatPath> paths, int port, IReadOnlyList<byte[]> keys, Action<HeartbeatPacket> heard, TimeProvider time,
        ILoggerFactory loggers)
    {
        (_time, _heard, _logger) = (time, heard, loggers.CreateLogger<HeartbeatLink>());
        // The sequence starts from the clock so it keeps rising across restarts (the peer refuses a lower one).
        _sequence = (ulong)time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var path in paths)
        {
            HeartbeatSocket<HeartbeatPacket>? socket = null;
            string? error = null;
            try
            {
                socket = new HeartbeatSocket<HeartbeatPacket>(new IPEndPoint(path.Local, port), keys, time, loggers.CreateLogger<HeartbeatSocket<HeartbeatPacket>>());
            }
            catch (SocketException e)
            {
                error = $"cannot listen on {path.Local}:{port}: {e.Message}";
                LogCannotListen(_logger, path.Name, error);
            }
            var end = new PathEnd(path, socket, new IPEndPoint(path.Peer, port)) { Error = error };
            _ends.Add(end);
            if (socket is not null)
            {
                _receivers.Add(ReceiveAsync(end, socket, _stop.Token));
            }
        }
    }

    /// <inheritdoc />
    public void SetKeys(IReadOnlyList<byte[]> keys)
    {
        foreach (var end in _ends)
        {
            end.Socket?.Keys = keys;
        }
    }

    /// <inheritdoc />
    public async Task SendAsync(DirectorRole role, DirectorState state, bool forced, CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        var sequence = ++_sequence;
        foreach (var end in _ends.Where(e => e.Socket is not null))
        {
            var held = end.PeerStamp == 0 ? 0 : (uint)Math.Min(uint.MaxValue, _time.GetElapsedTime(end.PeerStampHeldSince, now).Ticks / 10);
            var packet = new HeartbeatPacket(role, state, sequence, _time.GetUtcNow(), forced, HeartbeatClock.Microseconds(_time, now), end.PeerStamp, held);
            try
            {
                await end.Socket!.SendAsync(packet, end.PeerEndPoint, cancellationToken);
                end.Error = null;
            }
            catch (SocketException e)
            {
                end.Error = $"cannot send to {end.PeerEndPoint}: {e.Message}";
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<HeartbeatPathStatus> Status(TimeSpan deadtime)
    {
        var now = _time.GetUtcNow();
        return [.. _ends.Select(end => new HeartbeatPathStatus(end.Path.Name, end.Path.Local.ToString(), end.Path.Peer.ToString(),
            end.LastHeard is { } heard && now - heard <= deadtime, end.LastHeard, end.RoundTripMilliseconds, end.Error))];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var end in _ends)
        {
            end.Socket?.Dispose();
        }
        await Task.WhenAll(_receivers);
        _stop.Dispose();
    }

    private async Task ReceiveAsync(PathEnd end, HeartbeatSocket<HeartbeatPacket> socket, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            HeartbeatPacket packet;
            try
            {
                (packet, _) = await socket.ReceiveAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            var now = _time.GetTimestamp();
            if (packet.EchoStamp != 0)
            {
                var roundTrip = (double)(HeartbeatClock.Microseconds(_time, now) - packet.EchoStamp) - packet.EchoHeldMicroseconds;
                end.RoundTripMilliseconds = Math.Max(0, roundTrip) / 1000;
            }
            (end.PeerStamp, end.PeerStampHeldSince, end.LastHeard) = (packet.Stamp, now, _time.GetUtcNow());
            try
            {
                _heard(packet);
            }
            catch (Exception e)
            {
                LogNotHandled(_logger, e, end.Path.Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "heartbeat path {Path}: {Error}")]
    private static partial void LogCannotListen(ILogger logger, string path, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "heartbeat on {Path} not handled")]
    private static partial void LogNotHandled(ILogger logger, Exception exception, string path);
}
