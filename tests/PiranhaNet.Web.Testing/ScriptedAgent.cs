using System.Net.WebSockets;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Web.Testing;

/// <summary>A test's stand-in for an agent: a real WebSocket on the agent channel that has said hello.</summary>
public static class ScriptedAgent
{
    /// <summary>
    /// Connects to <paramref name="dashboard"/> with <paramref name="token"/> and says hello as <paramref name="name"/>,
    /// holding <paramref name="appliedVersion"/> (running) with <paramref name="appliedDigest"/> (none by default).
    /// </summary>
    public static async Task<ClientWebSocket> ConnectAsync(Uri dashboard, string token, string name, int protocolVersion = AgentProtocol.Version,
        string dataplane = "userspace", int appliedVersion = 0, string? appliedDigest = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        await socket.ConnectAsync(AgentProtocol.ChannelUri(dashboard), CancellationToken.None);
        await WebSocketMessages.SendAsync(socket, new HelloMessage(name, dataplane, appliedVersion, true, appliedDigest) { V = protocolVersion }, CancellationToken.None);
        return socket;
    }
}
