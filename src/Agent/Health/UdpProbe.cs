using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PiranhaNet.Agent.Health;

/// <summary>
/// UDP send/expect: one datagram with <c>send</c>, and the reply must satisfy <c>expect</c>. A closed port shows
/// as "connection refused" (the ICMP answer); silence as a timeout. Without send and expect there is nothing to
/// check over UDP, and the server counts as up, as in Piranha.
/// </summary>
internal sealed class UdpProbe(string? send, ExpectedText? expect) : IHealthProbe
{
    private readonly byte[] _send = Encoding.Latin1.GetBytes(send ?? "");

    /// <inheritdoc />
    public async Task<ProbeResult> ProbeAsync(IPEndPoint target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_send.Length == 0 && expect is null)
        {
            return ProbeResult.Up("not checked (UDP without send or expect)");
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            await socket.ConnectAsync(target, deadline.Token);
            await socket.SendAsync(_send, SocketFlags.None, deadline.Token);
            var buffer = new byte[2048];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            var reply = ExpectedText.Text(buffer.AsSpan(0, read));
            return expect is null || expect.IsIn(reply) ? ProbeResult.Up() : ProbeResult.Down(expect.Mismatch(reply));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.TimedOut(timeout);
        }
        catch (SocketException e)
        {
            return ProbeResult.Down(e);
        }
    }
}
