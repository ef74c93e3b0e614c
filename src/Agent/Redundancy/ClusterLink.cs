using System.Net;
using System.Net.Sockets;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// The heartbeat paths from a cluster director to every other director: one socket on each of this director's
/// addresses (public, and private when it has one), each sending to every peer's address on that network and hearing
/// every peer there. Hands each authentic, new heartbeat to the callback on the receiving thread, and measures each
/// path's round trip from the stamps the peer echoes back, as the pair's <see cref="HeartbeatLink"/> does. With a
/// multicast group, each socket sends one heartbeat to the group instead of one to each peer; the paths are the same,
/// but a packet for every peer can echo none of them, so their round trips are not measured.
/// </summary>
internal sealed partial class ClusterLink : IClusterLink
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<ClusterHeartbeat> _heard;
    private readonly List<PathEnd> _ends = [];
    private readonly Dictionary<IPAddress, HeartbeatSocket<ClusterHeartbeat>> _sockets = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _receivers = [];
    private readonly IPEndPoint? _multicast;
    private ulong _sequence;

    // One path to one peer.
    private sealed class PathEnd(string peer, HeartbeatPath path, HeartbeatSocket<ClusterHeartbeat>? socket, string? error)
    {
        public string Peer { get; } = peer;
        public HeartbeatPath Path { get; } = path;
        public HeartbeatSocket<ClusterHeartbeat>? Socket { get; } = socket;
        public IPEndPoint PeerEndPoint { get; init; } = null!;
        public HeartbeatEcho Echo { get; init; } = null!;
        public string? Error = error;
    }

    /// <summary>Binds one socket per local address of the paths; an address that cannot be bound leaves its paths down with the reason.</summary>
    public ClusterLink(IReadOnlyList<ClusterPlan.Peer> peers, int port, IPAddress? multicast, IReadOnlyList<byte[]> keys, Action<ClusterHeartbeat> heard,
        TimeProvider time, ILoggerFactory loggers)
    {
        (_time, _heard, _logger) = (time, heard, loggers.CreateLogger<ClusterLink>());
        _multicast = multicast is null ? null : new IPEndPoint(multicast, port);
        // From the clock, so it keeps rising across restarts (the others refuse a lower one).
        _sequence = (ulong)time.GetUtcNow().ToUnixTimeMilliseconds();
        var errors = new Dictionary<IPAddress, string>();
        foreach (var local in peers.SelectMany(p => p.Paths).Select(p => p.Local).Distinct())
        {
            try
            {
                var logger = loggers.CreateLogger<HeartbeatSocket<ClusterHeartbeat>>();
                var socket = multicast is null
                    ? new HeartbeatSocket<ClusterHeartbeat>(new IPEndPoint(local, port), keys, time, logger)
                    : HeartbeatSocket<ClusterHeartbeat>.Multicast(multicast, port, local, keys, time, logger);
                _sockets[local] = socket;
                _receivers.Add(ReceiveAsync(local, socket, _stop.Token));
            }
            catch (SocketException e)
            {
                errors[local] = multicast is null ? $"cannot listen on {local}:{port}: {e.Message}" : $"cannot join {multicast}:{port} on {local}: {e.Message}";
                LogCannotListen(_logger, local, errors[local]);
            }
        }
        foreach (var peer in peers)
        {
            foreach (var path in peer.Paths)
            {
                _ends.Add(new PathEnd(peer.Name, path, _sockets.GetValueOrDefault(path.Local), errors.GetValueOrDefault(path.Local))
                {
                    PeerEndPoint = new IPEndPoint(path.Peer, port),
                    Echo = new HeartbeatEcho(time),
                });
            }
        }
    }

    /// <inheritdoc />
    public void SetKeys(IReadOnlyList<byte[]> keys)
    {
        foreach (var socket in _sockets.Values)
        {
            socket.Keys = keys;
        }
    }

    /// <inheritdoc />
    public async Task SendAsync(ClusterHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        var sequence = ++_sequence;
        if (_multicast is not null)
        {
            foreach (var (local, socket) in _sockets)
            {
                var packet = heartbeat with { Sequence = sequence, Time = _time.GetUtcNow(), Stamp = HeartbeatClock.Microseconds(_time, now) };
                var error = await TrySendAsync(socket, packet, _multicast, cancellationToken);
                foreach (var end in _ends.Where(e => e.Path.Local.Equals(local)))
                {
                    end.Error = error;
                }
            }
            return;
        }
        foreach (var end in _ends.Where(e => e.Socket is not null))
        {
            var (stamp, echo, held) = end.Echo.Stamps(now);
            var packet = heartbeat with { Sequence = sequence, Time = _time.GetUtcNow(), Stamp = stamp, EchoStamp = echo, EchoHeldMicroseconds = held };
            end.Error = await TrySendAsync(end.Socket!, packet, end.PeerEndPoint, cancellationToken);
        }
    }

    // Null when sent, otherwise why not.
    private static async Task<string?> TrySendAsync(HeartbeatSocket<ClusterHeartbeat> socket, ClusterHeartbeat packet, IPEndPoint to, CancellationToken cancellationToken)
    {
        try
        {
            await socket.SendAsync(packet, to, cancellationToken);
            return null;
        }
        catch (SocketException e)
        {
            return $"cannot send to {to}: {e.Message}";
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<HeartbeatPathStatus> Status(string peer, TimeSpan deadtime)
    {
        return [.. _ends.Where(e => e.Peer == peer).Select(end => end.Echo.Status(end.Path, deadtime, end.Error))];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var socket in _sockets.Values)
        {
            socket.Dispose();
        }
        await Task.WhenAll(_receivers);
        _stop.Dispose();
    }

    private async Task ReceiveAsync(IPAddress local, HeartbeatSocket<ClusterHeartbeat> socket, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ClusterHeartbeat packet;
            try
            {
                (packet, _) = await socket.ReceiveAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            // The sender names itself in the authenticated packet; the path is the one this socket is on.
            if (_ends.Find(e => e.Peer == packet.Sender && e.Path.Local.Equals(local)) is not { } end)
            {
                continue;
            }
            end.Echo.Heard(packet.Stamp, packet.EchoStamp, packet.EchoHeldMicroseconds);
            try
            {
                _heard(packet);
            }
            catch (Exception e)
            {
                LogNotHandled(_logger, e, packet.Sender);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "heartbeat address {Local}: {Error}")]
    private static partial void LogCannotListen(ILogger logger, IPAddress local, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "heartbeat from {Peer} not handled")]
    private static partial void LogNotHandled(ILogger logger, Exception exception, string peer);
}
