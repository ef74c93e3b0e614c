using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// The heartbeat paths to the peer, as the redundancy loop uses them: send this director's heartbeat on every
/// path, replace the keys, say how each path is. Authentic new heartbeats go to the callback given when the link
/// was opened, on the receiving thread.
/// </summary>
internal interface IHeartbeatLink : IAsyncDisposable
{
    /// <summary>Sends one heartbeat on every path; a path whose send fails is reported in <see cref="Status"/> and tried again next time.</summary>
    Task SendAsync(DirectorRole role, DirectorState state, bool forced, CancellationToken cancellationToken);

    /// <summary>Replaces the keys on every path (a rotation): the first signs, any verifies.</summary>
    void SetKeys(IReadOnlyList<byte[]> keys);

    /// <summary>Each path as the status shows it: up when heard within <paramref name="deadtime"/>.</summary>
    IReadOnlyList<HeartbeatPathStatus> Status(TimeSpan deadtime);
}

/// <summary>Opens heartbeat links; the real one binds UDP sockets, tests give scripted ones.</summary>
internal interface IHeartbeatLinks
{
    /// <summary>A link over <paramref name="paths"/> on <paramref name="port"/>, calling <paramref name="heard"/> with each authentic new heartbeat.</summary>
    IHeartbeatLink Open(IReadOnlyList<HeartbeatPath> paths, int port, IReadOnlyList<byte[]> keys, Action<HeartbeatPacket> heard);
}

/// <summary>Heartbeat links over UDP sockets (<see cref="HeartbeatLink"/>).</summary>
internal sealed class UdpHeartbeatLinks(TimeProvider time, ILoggerFactory loggers) : IHeartbeatLinks
{
    /// <inheritdoc />
    public IHeartbeatLink Open(IReadOnlyList<HeartbeatPath> paths, int port, IReadOnlyList<byte[]> keys, Action<HeartbeatPacket> heard) =>
        new HeartbeatLink(paths, port, keys, heard, time, loggers);
}
