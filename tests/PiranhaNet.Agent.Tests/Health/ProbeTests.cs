using System.Net;
using System.Net.Sockets;
using System.Text;
using PiranhaNet.Agent.Health;
using PiranhaNet.Agent.Tests.Dataplane.Userspace;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Tests.Health;

/// <summary>Every kind of check against real servers on loopback that answer well, badly, or not at all.</summary>
public sealed class ProbeTests : IAsyncDisposable
{
    // Ample for a busy CI machine; the tests about timeouts pass a short one.
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_short = TimeSpan.FromMilliseconds(500);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _servers = [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _servers.ForEach(s => s.Dispose());
    }

    private static IPEndPoint Loopback(int port) => new(IPAddress.Loopback, port);

    private static Task<ProbeResult> ProbeAsync(HealthCheckConfig check, int port, TransportProtocol protocol = TransportProtocol.Tcp, TimeSpan? timeout = null) =>
        new HealthProbes().For(check, protocol).ProbeAsync(Loopback(port), timeout ?? s_timeout, CancellationToken.None);

    // A TCP server that writes `greeting` to each connection (nothing when null) and keeps it open until the test ends.
    private int TcpServer(string? greeting)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _servers.Add(new Stopper(listener.Stop));
        _ = Task.Run(async () =>
        {
            var held = new List<Socket>();
            try
            {
                while (true)
                {
                    var client = await listener.AcceptSocketAsync(_stop.Token);
                    held.Add(client);
                    if (greeting is not null)
                    {
                        await client.SendAsync(Encoding.ASCII.GetBytes(greeting), SocketFlags.None);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                held.ForEach(s => s.Dispose());
            }
        });
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // An HTTP server answering every request with `status` and `body`.
    private int HttpServer(int status, string body)
    {
        var port = Backends.FreePort();
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://*:{port}/");   // any Host header: the probe sends the configured one
        listener.Start();
        _servers.Add(new Stopper(listener.Close));
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var context = await listener.GetContextAsync();
                    context.Response.StatusCode = status;
                    var bytes = Encoding.UTF8.GetBytes(body + " host=" + context.Request.Headers["Host"]);
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
            }
        });
        return port;
    }

    // An HTTPS server with a self-signed certificate for `host`, answering every request with 200 "secure".
    private int HttpsServer(string host)
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest($"CN={host}", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _servers.Add(new Stopper(listener.Stop));
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var client = await listener.AcceptTcpClientAsync(_stop.Token);
                    _ = Task.Run(async () =>
                    {
                        using (client)
                        {
                            try
                            {
                                await using var tls = new System.Net.Security.SslStream(client.GetStream());
                                await tls.AuthenticateAsServerAsync(certificate);
                                var buffer = new byte[4096];
                                _ = await tls.ReadAsync(buffer);   // the request; its content does not matter
                                await tls.WriteAsync("HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\nsecure"u8.ToArray());
                            }
                            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
                            {
                                // a client that refused our certificate
                            }
                        }
                    });
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        });
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Stopper(Action stop) : IDisposable
    {
        public void Dispose() => stop();
    }

    [Fact]
    public async Task Connect_ListeningAndClosedPorts_UpAndRefused()
    {
        var open = await ProbeAsync(new HealthCheckConfig(), TcpServer(null));
        var closed = await ProbeAsync(new HealthCheckConfig(), Backends.FreePort());

        Assert.True(open.Healthy);
        Assert.Equal(ProbeResult.Down("connection refused"), closed);
    }

    [Fact]
    public async Task SendExpect_ReplyChecked_AsTextOrRegex_WithTheFirstBytesOnAMismatch()
    {
        var port = TcpServer("220 mail.example ready\r\n");
        HealthCheckConfig Check(string expect, bool regex = false) => new() { Kind = HealthCheckKind.SendExpect, Send = "HELO x\r\n", Expect = expect, UseRegex = regex };

        var text = await ProbeAsync(Check("220"), port);
        var regex = await ProbeAsync(Check(@"^2\d\d ", regex: true), port);
        // A reply that never matches is read until the timeout, in case the rest is still coming.
        var wrong = await ProbeAsync(Check("250"), port, timeout: s_short);

        Assert.True(text.Healthy && regex.Healthy);
        Assert.Equal(ProbeResult.Down(@"expected '250', got '220 mail.example ready\r\n'"), wrong);
    }

    [Fact]
    public async Task SendExpect_SilentServer_TimesOut()
    {
        var result = await ProbeAsync(new HealthCheckConfig { Kind = HealthCheckKind.SendExpect, Send = "PING\r\n", Expect = "PONG" }, TcpServer(null), timeout: s_short);

        Assert.Equal(ProbeResult.Down("timed out after 500 ms"), result);
    }

    [Fact]
    public async Task Udp_EchoServerAndClosedPort_UpAndRefused()
    {
        await using var echo = new UdpBackends("dns");
        var check = new HealthCheckConfig { Kind = HealthCheckKind.SendExpect, Send = "ping", Expect = "dns:ping" };

        var answered = await ProbeAsync(check, echo.Port(0), TransportProtocol.Udp);
        var closed = await ProbeAsync(check, UdpBackends.FreePort(), TransportProtocol.Udp);

        Assert.True(answered.Healthy, answered.Detail);
        Assert.Equal(ProbeResult.Down("connection refused"), closed);
    }

    [Fact]
    public async Task Http_StatusBodyAndHostHeader_AreChecked()
    {
        var healthy = HttpServer(200, "status: up");
        var failing = HttpServer(503, "status: down");
        var check = new HealthCheckConfig { Kind = HealthCheckKind.Http, HttpPath = "/health", HttpHost = "www.example.test", HttpBodyRegex = "status: up host=www.example.test" };

        var up = await ProbeAsync(check, healthy);
        var down = await ProbeAsync(check, failing);
        var wrongBody = await ProbeAsync(check with { HttpBodyRegex = "status: ok" }, healthy);
        var accepted = await ProbeAsync(check with { HttpStatusCodes = "500-599", HttpBodyRegex = null }, failing);

        Assert.Equal(ProbeResult.Up("HTTP 200"), up);
        Assert.Equal(ProbeResult.Down("HTTP 503"), down);
        Assert.Equal(ProbeResult.Down("HTTP 200, but the body does not match 'status: ok'"), wrongBody);
        Assert.True(accepted.Healthy);
    }

    [Fact]
    public async Task Program_OutputOrExitCode_AndKilledAtTheTimeout()
    {
        var port = Backends.FreePort();

        var output = await ProbeAsync(new HealthCheckConfig { Kind = HealthCheckKind.Program, SendProgram = "/bin/echo %h:%p", Expect = $"127.0.0.1:{port}" }, port);
        var exitCode = await ProbeAsync(new HealthCheckConfig { Kind = HealthCheckKind.Program, SendProgram = "/bin/false" }, port);
        var slow = await ProbeAsync(new HealthCheckConfig { Kind = HealthCheckKind.Program, SendProgram = "/bin/sleep 10" }, port, timeout: s_short);
        var missing = await ProbeAsync(new HealthCheckConfig { Kind = HealthCheckKind.Program, SendProgram = "/nonexistent/check" }, port);

        Assert.True(output.Healthy, output.Detail);
        Assert.Equal(ProbeResult.Down("exit code 1"), exitCode);
        Assert.Equal(ProbeResult.Down("timed out after 500 ms"), slow);
        Assert.StartsWith("cannot run /nonexistent/check", missing.Detail);
    }

    [Fact]
    public async Task Program_DynamicWeight_ExitCodeSetsTheWeightAsKeepalivedsMiscDynamic()
    {
        var port = Backends.FreePort();
        var directory = Directory.CreateTempSubdirectory("piranhanet-dynamic-").FullName;
        try
        {
            // A check that exits with the code it is given.
            var script = Path.Combine(directory, "exit-with");
            File.WriteAllText(script, "#!/bin/sh\nexit \"$1\"\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var check = new HealthCheckConfig { Kind = HealthCheckKind.Program, DynamicWeight = true };

            var zero = await ProbeAsync(check with { SendProgram = $"{script} 0" }, port);
            var one = await ProbeAsync(check with { SendProgram = $"{script} 1" }, port);
            var twelve = await ProbeAsync(check with { SendProgram = $"{script} 12" }, port);
            var fixedWeights = await ProbeAsync(check with { SendProgram = $"{script} 12", DynamicWeight = false }, port);

            Assert.Equal(ProbeResult.Up("exit code 0"), zero);
            Assert.Equal(ProbeResult.Down("exit code 1"), one);
            Assert.Equal(ProbeResult.UpAt(10, "exit code 12: weight 10"), twelve);
            Assert.Equal(ProbeResult.Down("exit code 12"), fixedWeights);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Https_SelfSignedCertificate_RefusedWhenVerifying_AcceptedWhenNot()
    {
        var port = HttpsServer("www.example.test");
        var check = new HealthCheckConfig { Kind = HealthCheckKind.Https, HttpHost = "www.example.test", HttpBodyRegex = "^secure$" };

        var verified = await ProbeAsync(check, port);
        var trusted = await ProbeAsync(check with { VerifyTls = false }, port);

        Assert.False(verified.Healthy);
        Assert.Contains("SSL", verified.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ProbeResult.Up("HTTP 200"), trusted);
    }
}
