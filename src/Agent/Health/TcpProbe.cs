using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PiranhaNet.Agent.Health;

/// <summary>
/// TCP checks: connect only (Piranha with a blank <c>send</c>), or connect, send <c>send</c> and read until the
/// reply satisfies <c>expect</c>, the server closes, 4 KiB have come or the timeout passes.
/// </summary>
internal sealed class TcpProbe(string? send, ExpectedText? expect) : IHealthProbe
{
    private const int MaxReply = 4096;
    private readonly byte[] _send = Encoding.Latin1.GetBytes(send ?? "");

    /// <inheritdoc />
    public async Task<ProbeResult> ProbeAsync(IPEndPoint target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        var reply = "";
        try
        {
            await socket.ConnectAsync(target, deadline.Token);
            if (_send.Length > 0)
            {
                await socket.SendAsync(_send, SocketFlags.None, deadline.Token);
            }
            if (expect is null)
            {
                return ProbeResult.Up("connected");
            }
            var buffer = new byte[MaxReply];
            var received = 0;
            while (received < MaxReply)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, deadline.Token);
                if (read == 0)
                {
                    break;
                }
                received += read;
                reply = ExpectedText.Text(buffer.AsSpan(0, received));
                if (expect.IsIn(reply))
                {
                    return ProbeResult.Up();
                }
            }
            return ProbeResult.Down(expect.Mismatch(reply));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return reply.Length > 0 && expect is not null ? ProbeResult.Down(expect.Mismatch(reply)) : ProbeResult.TimedOut(timeout);
        }
        catch (SocketException e)
        {
            return ProbeResult.Down(e);
        }
    }
}
