using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Cli;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Agents;

/// <summary>
/// Issue 15 with real processes: two <c>piranhanet serve</c> processes on one PostgreSQL database and a real
/// piranhanet-agent given both. A version saved on A is applied by the agent connected to B, and A shows it so; B is
/// killed with SIGKILL, the agent moves to A and applies the next version saved there.
/// </summary>
public sealed class SharedStoreEndToEndTests : IAsyncLifetime
{
    private const string Password = "a long enough password";
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new();
    private readonly List<LoggedProcess> _processes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        _directory.Dispose();
    }

    [Fact]
    public async Task SaveOnA_AgentOnBAppliesIt_KillB_TheAgentMovesToA_AndAppliesTheNext()
    {
        var store = await ThrowawayPostgres.NewDatabaseAsync();
        var code = await PiranhaCli.RunAsync(["passwd", "--store", store, "--data", _directory.Path],
            new CliContext(TextWriter.Null, TextWriter.Null) { In = new StringReader(Password + "\n") });
        Assert.Equal(0, code);
        var (a, b) = (StartDashboard("a", store), StartDashboard("b", store));
        using var clientA = await ClientAsync(a.Url);
        using var clientB = await ClientAsync(b.Url);
        var enrolled = await (await clientA.PostAsJsonAsync("api/v1/directors", new { name = "lvs1" })).Content.ReadFromJsonAsync<JsonElement>();
        StartAgent($"{b.Url},{a.Url}", enrolled.GetProperty("token").GetString()!);
        await WaitForAsync(clientB, director => director.GetProperty("connected").GetBoolean(), "the agent connected to B");

        var vip = LoopbackPorts.Free();
        (await clientA.PutAsync("api/v1/config", Json(Config(vip, "rr")))).EnsureSuccessStatusCode();
        await WaitForAsync(clientB, director => director.GetProperty("appliedVersion").GetInt32() == 1, "the agent on B applied version 1, saved on A");
        await WaitForAsync(clientA, director => director.GetProperty("connected").GetBoolean() && director.GetProperty("appliedVersion").GetInt32() == 1
            && director.GetProperty("dashboard").GetString() is not null, "A shows the agent as connected to another dashboard, with version 1");

        b.Process.Kill();   // SIGKILL: B's sockets close with the process, as when its host dies mid-request
        await b.Process.WaitForExitAsync();
        await WaitForAsync(clientA, director => director.GetProperty("connected").GetBoolean() && director.GetProperty("dashboard").ValueKind == JsonValueKind.Null,
            "the agent moved to A");
        (await clientA.PutAsync("api/v1/config", Json(Config(vip, "wrr")))).EnsureSuccessStatusCode();
        await WaitForAsync(clientA, director => director.GetProperty("appliedVersion").GetInt32() == 2, "the agent on A applied version 2");
    }

    private static LvsConfig Config(int vip, string scheduler) => new()
    {
        Global = new GlobalSettingsConfig { Network = NetworkType.Direct },
        VirtualServers =
        [
            new VirtualServerConfig
            {
                Name = "web", Active = true, Address = "127.0.0.1", Port = vip, Scheduler = scheduler,
                RealServers = [new RealServerConfig { Name = "r1", Address = "127.0.0.1", Port = LoopbackPorts.Free(), Active = true }],
            },
        ],
    };

    private static StringContent Json(LvsConfig config) => new(PiranhaJson.Serialize(config), Encoding.UTF8, "application/json");

    // `piranhanet serve` from this build on a free loopback port, with its own data directory and the shared store.
    private (string Url, Process Process) StartDashboard(string name, string store)
    {
        var url = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        _processes.Add(LoggedProcess.StartDotnet(Path.Combine(AppContext.BaseDirectory, "piranhanet.dll"),
            "serve", "--urls", url, "--store", store, "--data", Path.Combine(_directory.Path, name), "--no-local-agent"));
        return (url, _processes[^1].Process);
    }

    private void StartAgent(string controllers, string token) =>
        _processes.Add(LoggedProcess.StartDotnet(PiranhaNet.Netns.AgentBuild.AssemblyPath, "--controller", controllers, "--token", token,
            "--name", "lvs1", "--state-dir", Path.Combine(_directory.Path, "agent"), "--dataplane", "userspace"));

    // A client of the dashboard at url signed in as the admin, once it answers.
    private async Task<HttpClient> ClientAsync(string url)
    {
        var client = new HttpClient { BaseAddress = new Uri(url + "/"), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = DashboardServer.BasicAuthorization("piranha", Password);
        await WaitUntilAsync(async () =>
        {
            try
            {
                return (await client.GetAsync("api/v1/directors")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"the dashboard at {url} answered");
        return client;
    }

    private Task WaitForAsync(HttpClient dashboard, Func<JsonElement, bool> condition, string what) =>
        WaitUntilAsync(async () => (await dashboard.GetFromJsonAsync<JsonElement>("api/v1/directors")).EnumerateArray()
            .Any(d => d.GetProperty("name").GetString() == "lvs1" && condition(d)), what);

    private Task WaitUntilAsync(Func<Task<bool>> condition, string what) =>
        LoggedProcess.WaitUntilAsync(condition, what, s_wait, [.. _processes]);
}
