using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Services;
using PiranhaNet.Web.Tests.Api;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Data;

/// <summary>
/// Two dashboards on one PostgreSQL database (issue 15): a change saved on one reaches the other's agents and pages
/// through LISTEN/NOTIFY, and saves on both keep their optimistic concurrency.
/// </summary>
public sealed class SharedStoreTests : IAsyncLifetime
{
    private string _database = null!;
    private DashboardServer _a = null!;
    private DashboardServer _b = null!;

    public async Task InitializeAsync()
    {
        _database = await ThrowawayPostgres.NewDatabaseAsync();
        _a = await DashboardServer.StartAsync(store: _database);
        _b = await DashboardServer.StartAsync(store: _database);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task SaveOnA_TheAgentConnectedToB_IsSentTheVersion_AndBsPagesAreTold()
    {
        var token = (await (await _a.Client.PostAsJsonAsync("api/v1/directors", new { name = "lvs1" })).JsonAsync(HttpStatusCode.Created)).GetProperty("token").GetString()!;
        using var agent = await ScriptedAgent.ConnectAsync(_b.Address, token, "lvs1");
        var pagesTold = new TaskCompletionSource();
        using var subscription = _b.Services.GetRequiredService<ChangeNotifier>().Subscribe(_ => { pagesTold.TrySetResult(); return Task.CompletedTask; }, ChangeKind.Configuration);

        var saved = await _a.SendJsonAsync(HttpMethod.Put, "/api/v1/config", PiranhaJson.Serialize(SampleConfigs.Direct(SampleConfigs.Web())), ifMatch: 0);
        await saved.JsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, await NextVersionAsync(agent, atLeast: 1));
        await pagesTold.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(1, (await _b.Client.GetAsync("/api/v1/config")).Version());
    }

    [Fact]
    public async Task StopOnA_TheAgentConnectedToB_IsToldToStop()
    {
        var token = (await (await _a.Client.PostAsJsonAsync("api/v1/directors", new { name = "lvs1" })).JsonAsync(HttpStatusCode.Created)).GetProperty("token").GetString()!;
        using var agent = await ScriptedAgent.ConnectAsync(_b.Address, token, "lvs1");
        await (await _a.SendJsonAsync(HttpMethod.Put, "/api/v1/config", PiranhaJson.Serialize(SampleConfigs.Direct(SampleConfigs.Web())), ifMatch: 0)).JsonAsync(HttpStatusCode.OK);
        await NextVersionAsync(agent, atLeast: 1);

        (await _a.Client.PostAsync("api/v1/cluster/stop", null)).EnsureSuccessStatusCode();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (await WebSocketMessages.ReceiveAsync(agent, timeout.Token) is { } message)
        {
            if (message is ConfigureMessage { Running: false } or ConfigureChangesMessage { Running: false })
            {
                return;
            }
        }
        Assert.Fail("the channel closed before the agent was told to stop");
    }

    [Fact]
    public async Task ImportFromTheCommandLine_TheAgentOnB_IsSentTheVersion()
    {
        var token = (await (await _a.Client.PostAsJsonAsync("api/v1/directors", new { name = "lvs1" })).JsonAsync(HttpStatusCode.Created)).GetProperty("token").GetString()!;
        using var agent = await ScriptedAgent.ConnectAsync(_b.Address, token, "lvs1");
        using var directory = new TempDirectory();
        var file = directory.File("lvs.cf");
        await File.WriteAllTextAsync(file, "network = direct\nvirtual web {\n active = 1\n address = 192.0.2.10 eth0:1\n server r1 {\n  address = 192.0.2.21\n  active = 1\n }\n}\n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await PiranhaNet.Web.Cli.PiranhaCli.RunAsync(["import", file, "--store", _database, "--data", directory.Path], new PiranhaNet.Web.Cli.CliContext(output, error));

        Assert.True(code == 0, error.ToString());
        Assert.Equal(1, await NextVersionAsync(agent, atLeast: 1));
    }

    [Fact]
    public async Task RevokeOnA_TheAgentConnectedToB_IsDisconnected()
    {
        var token = (await (await _a.Client.PostAsJsonAsync("api/v1/directors", new { name = "lvs1" })).JsonAsync(HttpStatusCode.Created)).GetProperty("token").GetString()!;
        using var agent = await ScriptedAgent.ConnectAsync(_b.Address, token, "lvs1");
        var registry = _b.Services.GetRequiredService<PiranhaNet.Web.Agents.AgentRegistry>();
        for (var tries = 0; tries < 300 && registry.Sessions.All(s => s.Name != "lvs1"); tries++)
        {
            await Task.Delay(50);
        }

        (await _a.Client.DeleteAsync("api/v1/directors/lvs1")).EnsureSuccessStatusCode();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            while (await WebSocketMessages.ReceiveAsync(agent, timeout.Token) is not null)
            {
            }
        }
        catch (WebSocketException)
        {
            // Aborted by B: what a revoke does to a connection.
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
        }
        Assert.False(timeout.IsCancellationRequested, "the agent on B was still connected 15 s after its director was revoked on A");
    }

    [Fact]
    public async Task ADirectorConnectingToA_ItsDataplaneIsKnownToBsValidation()
    {
        var token = (await (await _a.Client.PostAsJsonAsync("api/v1/directors", new { name = "lvs1" })).JsonAsync(HttpStatusCode.Created)).GetProperty("token").GetString()!;
        using var agent = await ScriptedAgent.ConnectAsync(_a.Address, token, "lvs1", dataplane: "nftables");
        var known = _b.Services.GetRequiredService<PiranhaNet.Core.Dataplanes.IDirectorDataplanes>();
        for (var tries = 0; tries < 300 && !known.Known.Contains(new PiranhaNet.Core.Dataplanes.DirectorDataplane("lvs1", "nftables")); tries++)
        {
            await Task.Delay(50);
        }
        Assert.Contains(new PiranhaNet.Core.Dataplanes.DirectorDataplane("lvs1", "nftables"), known.Known);
    }

    [Fact]
    public async Task SavesOnBothBasedOnOneVersion_OneWins_TheOtherIsToldTheNewerVersion()
    {
        var first = await _a.SendJsonAsync(HttpMethod.Put, "/api/v1/config", PiranhaJson.Serialize(SampleConfigs.Direct(SampleConfigs.Web("web"))), ifMatch: 0);
        var second = await _b.SendJsonAsync(HttpMethod.Put, "/api/v1/config", PiranhaJson.Serialize(SampleConfigs.Direct(SampleConfigs.Web("api"))), ifMatch: 0);

        await first.JsonAsync(HttpStatusCode.OK);
        var problem = await second.ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(1, problem.GetProperty("latestVersion").GetInt32());
        Assert.Equal("web", (await (await _b.Client.GetAsync("/api/v1/config")).JsonAsync(HttpStatusCode.OK)).GetProperty("virtualServers")[0].GetProperty("name").GetString());
    }

    // The version of the next configuration the agent is sent that is at least atLeast.
    private static async Task<int> NextVersionAsync(ClientWebSocket agent, int atLeast)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (await WebSocketMessages.ReceiveAsync(agent, timeout.Token) is { } message)
        {
            var version = message switch { ConfigureMessage m => m.Version, ConfigureChangesMessage m => m.Version, _ => -1 };
            if (version >= atLeast)
            {
                return version;
            }
        }
        throw new InvalidOperationException("the channel closed before a configuration came");
    }
}
