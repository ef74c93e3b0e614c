using System.Net.WebSockets;
using PiranhaNet.Core.Concurrency;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Channel;

/// <summary>
/// One connection to the dashboard: its socket, with sends taking turns (a WebSocket allows one at a time), the
/// dashboard's protocol version as its messages show it, and what the status reporter last sent on it, so status
/// goes as changes. <see cref="Ended"/> is cancelled when the connection ends.
/// </summary>
internal sealed class DashboardSession(WebSocket socket, CancellationToken ended)
{
    private readonly SerialQueue _sends = new();

    /// <summary>Cancelled when the connection ends.</summary>
    public CancellationToken Ended { get; } = ended;

    /// <summary>The protocol version of the dashboard's last message (0 before the first).</summary>
    public int DashboardVersion { get; set; }

    /// <summary>The status last sent on this connection, whole or as changes; the status reporter's alone.</summary>
    public DirectorStatus? LastStatus { get; set; }

    /// <summary>Statuses sent as changes since the last whole one; the status reporter's alone.</summary>
    public int StatusesSinceWhole { get; set; }

    /// <summary>Sends one message after any queued before it.</summary>
    public Task SendAsync(AgentMessage message, CancellationToken cancellationToken) =>
        _sends.RunAsync(token => WebSocketMessages.SendAsync(socket, message, token), cancellationToken);
}
