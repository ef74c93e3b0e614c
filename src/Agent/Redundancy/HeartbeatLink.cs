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
        public HeartbeatEcho Echo { get; init; } = null!;
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
            var end = new PathEnd(path, socket, new IPEndPoint(path.Peer, port)) { Error = error, Echo = new HeartbeatEcho(time) };
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
            var (stamp, echo, held) = end.Echo.Stamps(now);
            var packet = new HeartbeatPacket(role, state, sequence, _time.GetUtcNow(), forced, stamp, echo, held);
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
        return [.. _ends.Select(end => end.Echo.Status(end.Path, deadtime, end.Error))];
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
            end.Echo.Heard(packet.Stamp, packet.EchoStamp, packet.EchoHeldMicroseconds);
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
