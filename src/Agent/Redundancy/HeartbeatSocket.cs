using System.Net;
using System.Net.Sockets;
using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// The UDP end of one heartbeat path (public or private address): sends this director's heartbeats to the
/// peer and receives the peer's. Received packets must be authentic under one of the keys (the current one,
/// or the previous one while a new key is being rolled out) and new (<see cref="HeartbeatReplayGuard"/>);
/// others are dropped and logged at most once per <see cref="LogInterval"/>, with a count of the rest.
/// </summary>
internal sealed partial class HeartbeatSocket<TPacket> : IDisposable where TPacket : class, IHeartbeatMessage<TPacket>
{
    /// <summary>The shortest time between two log lines about refused heartbeats.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private volatile IReadOnlyList<byte[]> _keys;
    private readonly HeartbeatReplayGuard _guard;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly byte[] _buffer = new byte[512];
    private long _lastLog = long.MinValue;
    private int _suppressed;

    /// <summary>Binds <paramref name="local"/>; <paramref name="keys"/>[0] signs, any of them verifies.</summary>
    public HeartbeatSocket(IPEndPoint local, IReadOnlyList<byte[]> keys, TimeProvider time, ILogger<HeartbeatSocket<TPacket>> logger)
        : this(Bound(local), keys, time, logger)
    {
    }

    private HeartbeatSocket(Socket socket, IReadOnlyList<byte[]> keys, TimeProvider time, ILogger<HeartbeatSocket<TPacket>> logger)
    {
        try
        {
            _keys = keys.Count > 0 ? keys : throw new ArgumentException("a heartbeat needs a key", nameof(keys));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        (_socket, _time, _logger) = (socket, time, logger);
        _guard = new HeartbeatReplayGuard(time);
    }

    /// <summary>
    /// An end on IPv4 multicast group <paramref name="group"/> and <paramref name="port"/> on the network of
    /// <paramref name="local"/> (this director's address there): it sends from that address to the group, one hop only,
    /// never hears itself, and hears the group on that network alone, so each network stays a path of its own.
    /// </summary>
    public static HeartbeatSocket<TPacket> Multicast(IPAddress group, int port, IPAddress local, IReadOnlyList<byte[]> keys, TimeProvider time,
        ILogger<HeartbeatSocket<TPacket>> logger)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Every network's end binds the same group and port.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            // Only the memberships of this socket, not every group any socket of the host joined on any network.
            socket.SetRawSocketOption(IpProtocolLevel, IpMulticastAll, BitConverter.GetBytes(0));
            socket.Bind(new IPEndPoint(group, port));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, local));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, local.GetAddressBytes());
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 1);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new HeartbeatSocket<TPacket>(socket, keys, time, logger);
    }

    // SOL_IP and IP_MULTICAST_ALL from <linux/in.h>; .NET has no name for the option.
    private const int IpProtocolLevel = 0;
    private const int IpMulticastAll = 49;

    private static Socket Bound(IPEndPoint local)
    {
        var socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(local);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return socket;
    }

    /// <summary>The keys: the first signs, any verifies. Replaced when the dashboard rotates the key.</summary>
    public IReadOnlyList<byte[]> Keys
    {
        get => _keys;
        set => _keys = value.Count > 0 ? value : throw new ArgumentException("a heartbeat needs a key", nameof(value));
    }

    /// <summary>Where this end is bound.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Sends <paramref name="packet"/>, signed with the current key, to <paramref name="peer"/>.</summary>
    public async Task SendAsync(TPacket packet, IPEndPoint peer, CancellationToken cancellationToken) =>
        await _socket.SendToAsync(packet.Encode(_keys[0]), SocketFlags.None, peer, cancellationToken);

    /// <summary>The next authentic, new heartbeat and where it came from; refused ones are logged and skipped.</summary>
    public async Task<(TPacket Packet, IPEndPoint From)> ReceiveAsync(CancellationToken cancellationToken)
    {
        EndPoint any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (true)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(_buffer, SocketFlags.None, any, cancellationToken);
            }
            catch (SocketException) when (!cancellationToken.IsCancellationRequested)
            {
                continue;   // an ICMP error from an earlier send; the socket stays usable
            }
            var from = (IPEndPoint)received.RemoteEndPoint;
            if (Decode(_buffer.AsSpan(0, received.ReceivedBytes), out var error) is { } packet && _guard.Accept(packet, out error))
            {
                return (packet, from);
            }
            Refused(from, error);
        }
    }

    // Authentic under any of the keys: the current one or, during a rotation, the previous one.
    private TPacket? Decode(ReadOnlySpan<byte> bytes, out string error)
    {
        error = "";
        foreach (var key in _keys)
        {
            if (TPacket.TryDecode(bytes, key, out error) is { } packet)
            {
                return packet;
            }
        }
        return null;
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();

    private void Refused(IPEndPoint from, string error)
    {
        var now = _time.GetTimestamp();
        if (_lastLog != long.MinValue && _time.GetElapsedTime(_lastLog, now) < LogInterval)
        {
            _suppressed++;
            return;
        }
        LogRefused(_logger, from, error, _suppressed > 0 ? $" ({_suppressed} more refused since the last report)" : "");
        (_lastLog, _suppressed) = (now, 0);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "heartbeat from {From} refused: {Error}{Suppressed}")]
    private static partial void LogRefused(ILogger logger, IPEndPoint from, string error, string suppressed);
}
