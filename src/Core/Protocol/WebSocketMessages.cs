using System.Buffers;
using System.Net.WebSockets;

namespace PiranhaNet.Core.Protocol;

/// <summary>Reads and writes whole agent-protocol messages on a WebSocket (a message may arrive in several frames).</summary>
public static class WebSocketMessages
{
    /// <summary>The largest message accepted: a configuration of 10,000 virtual servers is about 10 MiB of JSON.</summary>
    public const int MaxMessageBytes = 64 * 1024 * 1024;

    /// <summary>The next message, or null when the peer closed the socket.</summary>
    public static async Task<AgentMessage?> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(16 * 1024), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            buffer.Advance(result.Count);
            if (buffer.WrittenCount > MaxMessageBytes)
            {
                throw new InvalidDataException($"message larger than {MaxMessageBytes} bytes");
            }
            if (result.EndOfMessage)
            {
                return AgentProtocol.Decode(buffer.WrittenSpan);
            }
        }
    }

    /// <summary>Sends one message; callers serialise sends (a WebSocket allows one send at a time).</summary>
    public static Task SendAsync(WebSocket socket, AgentMessage message, CancellationToken cancellationToken) =>
        socket.SendAsync(AgentProtocol.Encode(message), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
}
