using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Health;

/// <summary>
/// HTTP or HTTPS GET of a path: up when the status is among the accepted ones and, if a body regex is set, the
/// body matches it. The connection always goes to the real server's address and port, whatever the Host header
/// names, so a Host of www.example.com needs no DNS. Certificate checking can be turned off for servers with
/// self-signed certificates. Each check uses a fresh connection, as a new client would.
/// </summary>
internal sealed class HttpProbe : IHealthProbe
{
    private const int MaxBody = 64 * 1024;
    private readonly HealthCheckConfig _check;
    private readonly HttpStatusCodeRanges _accepted;
    private readonly ExpectedText? _body;
    // Two clients for every check of the agent: one verifying certificates and one not. Connections are
    // not pooled (lifetime zero), and each request names its own target, so sharing them is safe.
    private static readonly HttpClient s_verifying = CreateClient(verifyTls: true);
    private static readonly HttpClient s_trusting = CreateClient(verifyTls: false);
    private readonly HttpClient _client;

    /// <summary>A probe for an HTTP or HTTPS check; throws <see cref="ArgumentException"/> for a status list that does not parse.</summary>
    public HttpProbe(HealthCheckConfig check)
    {
        _check = check;
        _accepted = HttpStatusCodeRanges.TryParse(check.HttpStatusCodes, out var ranges, out var error)
            ? ranges
            : throw new ArgumentException($"httpStatusCodes: {error}", nameof(check));
        _body = string.IsNullOrEmpty(check.HttpBodyRegex) ? null : new ExpectedText(check.HttpBodyRegex, regex: true);
        _client = check.VerifyTls ? s_verifying : s_trusting;
    }

    private static HttpClient CreateClient(bool verifyTls)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = ConnectToTargetAsync,
        };
        if (!verifyTls)
        {
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true };
        }
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = MaxBody };
    }

    /// <inheritdoc />
    public async Task<ProbeResult> ProbeAsync(IPEndPoint target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var scheme = _check.Kind == HealthCheckKind.Https ? "https" : "http";
        var host = _check.HttpHost ?? (target.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{target.Address}]" : target.Address.ToString());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{scheme}://{host}:{target.Port}{_check.HttpPath}");
        request.Options.Set(s_target, target);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            var status = (int)response.StatusCode;
            if (!_accepted.Contains(status))
            {
                return ProbeResult.Down($"HTTP {status}");
            }
            if (_body is not null && !_body.IsIn(await response.Content.ReadAsStringAsync(deadline.Token)))
            {
                return ProbeResult.Down($"HTTP {status}, but the body does not match '{_check.HttpBodyRegex}'");
            }
            return ProbeResult.Up($"HTTP {status}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.TimedOut(timeout);
        }
        catch (HttpRequestException e)
        {
            return e.InnerException is SocketException socket ? ProbeResult.Down(socket) : ProbeResult.Down(e.Message);
        }
    }

    private static readonly HttpRequestOptionsKey<IPEndPoint> s_target = new("piranhanet.target");

    // Every request carries the endpoint to reach; the URI's host is only for the Host header and TLS.
    private static async ValueTask<Stream> ConnectToTargetAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var target = context.InitialRequestMessage.Options.TryGetValue(s_target, out var endpoint)
            ? endpoint
            : throw new InvalidOperationException("a health check request without its target");
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
