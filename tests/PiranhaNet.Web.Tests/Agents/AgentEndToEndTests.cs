using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Agents;

/// <summary>
/// The dashboard and a real piranhanet-agent process on loopback: a virtual server saved through the API is
/// applied by the agent and carries traffic; the traffic survives the dashboard going away; a restarted
/// dashboard gets the agent back.
/// </summary>
public sealed class AgentEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new();
    private readonly List<TcpListener> _backends = [];
    private readonly CancellationTokenSource _stop = new();
    private LoggedProcess? _agent;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
        await _stop.CancelAsync();
        _backends.ForEach(b => b.Stop());
        _directory.Dispose();
    }

    [Fact]
    public async Task SavedVirtualServer_AgentAppliesIt_TrafficFlowsAndSurvivesTheDashboardRestarting()
    {
        var dashboardPort = LoopbackPorts.Free();
        var data = Path.Combine(_directory.Path, "dashboard");
        var server = await DashboardServer.StartAsync(dataDirectory: data, port: dashboardPort);
        var (enrolled, _) = await server.Services.GetRequiredService<DirectorEnrolment>().EnrolAsync("lvs1", "test", CancellationToken.None);
        var vipPort = LoopbackPorts.Free();
        var config = new LvsConfig
        {
            Global = new GlobalSettingsConfig { Network = NetworkType.Direct },
            VirtualServers =
            [
                new VirtualServerConfig
                {
                    Name = "web", Active = true, Address = "127.0.0.1", Port = vipPort, Scheduler = "rr",
                    RealServers = [new RealServerConfig { Name = "r1", Address = "127.0.0.1", Port = StartBackend("hello from r1"), Active = true }],
                },
            ],
        };
        (await server.SendJsonAsync(HttpMethod.Put, "api/v1/config", PiranhaJson.Serialize(config))).EnsureSuccessStatusCode();

        StartAgent(server.Address, enrolled!.Token);

        await WaitForAsync(() => View(server) is { Connected: true, AppliedVersion: 1, Status.Services.Count: 1 }, "the agent applied version 1");
        Assert.Equal("hello from r1", await RequestAsync(vipPort));
        await WaitForAsync(() => View(server)?.Status?.Services[0].Stats.Connections >= 1, "the status counted the connection");

        await server.DisposeAsync();
        Assert.Equal("hello from r1", await RequestAsync(vipPort));

        await using var restarted = await DashboardServer.StartAsync(dataDirectory: data, port: dashboardPort);
        await WaitForAsync(() => View(restarted) is { Connected: true, AppliedVersion: 1 }, "the agent reconnected to the restarted dashboard");
        var wrr = System.Text.Json.JsonSerializer.Serialize(config.VirtualServers[0] with { Scheduler = "wrr" }, PiranhaJson.Options);
        (await restarted.SendJsonAsync(HttpMethod.Put, "api/v1/config/virtual-servers/web", wrr)).EnsureSuccessStatusCode();
        await WaitForAsync(() => View(restarted) is { AppliedVersion: 2 } && View(restarted)!.Status?.Services[0].Service.Scheduler == "wrr", "the agent applied version 2");
    }

    [Fact]
    public async Task HeartbeatKeyRotated_ReachesTheAgentsStateDirectoryOwnerOnly_AndItsStatusShowsTheFingerprintNeverTheKey()
    {
        await using var server = await DashboardServer.StartAsync(dataDirectory: Path.Combine(_directory.Path, "dashboard"));
        var (enrolled, _) = await server.Services.GetRequiredService<DirectorEnrolment>().EnrolAsync("lvs1", "test", CancellationToken.None);
        (await server.SendJsonAsync(HttpMethod.Put, "api/v1/config", PiranhaJson.Serialize(new LvsConfig
        {
            Global = new GlobalSettingsConfig { Primary = "192.0.2.1", Network = NetworkType.Direct },
        }))).EnsureSuccessStatusCode();
        StartAgent(server.Address, enrolled!.Token);
        await WaitForAsync(() => View(server) is { Connected: true, AppliedVersion: 1 }, "the agent applied version 1");

        var rotated = await server.SendAsync(HttpMethod.Post, "api/v1/redundancy/heartbeat-key");
        var key = System.Text.Json.JsonDocument.Parse(await rotated.Content.ReadAsStringAsync()).RootElement;
        var (secret, fingerprint) = (key.GetProperty("key").GetString()!, key.GetProperty("fingerprint").GetString()!);

        await WaitForAsync(() => View(server)?.Status?.Redundancy?.KeyFingerprint == fingerprint, "the agent reported the new key's fingerprint");
        var keyFile = Path.Combine(_directory.Path, "agent", "heartbeat.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Equal(secret, new PiranhaNet.Agent.Persistence.HeartbeatKeyFile(Path.Combine(_directory.Path, "agent")).Load()?.Key);
        // This director holds neither configured address, so it says so and manages none.
        Assert.Null(View(server)!.Status!.Redundancy!.Role);
        Assert.StartsWith("neither primary 192.0.2.1", View(server)!.Status!.Redundancy!.Reason);
        Assert.Contains($"heartbeat key {fingerprint} received", _agent!.Output);
        Assert.DoesNotContain(secret, _agent.Output);
        Assert.DoesNotContain(secret, string.Join('\n', server.Log.Messages));
    }

    private static AgentView? View(DashboardServer server) =>
        server.Services.GetRequiredService<AgentRegistry>().Views.GetValueOrDefault("lvs1");

    private void StartAgent(Uri controller, string token) =>
        _agent = LoggedProcess.StartDotnet(PiranhaNet.Netns.AgentBuild.AssemblyPath, "--controller", controller.ToString(), "--token", token,
            "--name", "lvs1", "--state-dir", Path.Combine(_directory.Path, "agent"), "--dataplane", "userspace");

    private int StartBackend(string reply)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _backends.Add(listener);
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var client = await listener.AcceptTcpClientAsync(_stop.Token);
                    await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(reply + "\n"), _stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
                {
                    if (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
            }
        });
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string?> RequestAsync(int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        using var reader = new StreamReader(client.GetStream());
        return await reader.ReadLineAsync(timeout.Token);
    }

    private Task WaitForAsync(Func<bool> condition, string what) =>
        LoggedProcess.WaitUntilAsync(() => Task.FromResult(condition()), what, s_wait, _agent is null ? [] : [_agent]);
}
