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
    private DashboardProcesses _system = null!;

    public async Task InitializeAsync() => _system = await DashboardProcesses.SetUpAsync(await ThrowawayPostgres.NewDatabaseAsync());

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task SaveOnA_AgentOnBAppliesIt_KillB_TheAgentMovesToA_AndAppliesTheNext()
    {
        var (a, b) = (_system.StartDashboard("a"), _system.StartDashboard("b"));
        using var clientA = await _system.ClientAsync(a.Url);
        using var clientB = await _system.ClientAsync(b.Url);
        var enrolled = await (await clientA.PostAsJsonAsync("api/v1/directors", new { name = "lvs1" })).Content.ReadFromJsonAsync<JsonElement>();
        _system.StartAgent(PiranhaNet.Netns.AgentBuild.AssemblyPath, $"{b.Url},{a.Url}", enrolled.GetProperty("token").GetString()!, "lvs1");
        await WaitForAsync(clientB, director => director.GetProperty("connected").GetBoolean(), "the agent connected to B");

        var vip = LoopbackPorts.Free();
        (await clientA.PutAsync("api/v1/config", Json(SampleConfigs.OnLoopback(vip, "rr")))).EnsureSuccessStatusCode();
        await WaitForAsync(clientB, director => director.GetProperty("appliedVersion").GetInt32() == 1, "the agent on B applied version 1, saved on A");
        await WaitForAsync(clientA, director => director.GetProperty("connected").GetBoolean() && director.GetProperty("appliedVersion").GetInt32() == 1
            && director.GetProperty("dashboard").GetString() is not null, "A shows the agent as connected to another dashboard, with version 1");

        b.Process.Kill();   // SIGKILL: B's sockets close with the process, as when its host dies mid-request
        await b.Process.WaitForExitAsync();
        await WaitForAsync(clientA, director => director.GetProperty("connected").GetBoolean() && director.GetProperty("dashboard").ValueKind == JsonValueKind.Null,
            "the agent moved to A");
        (await clientA.PutAsync("api/v1/config", Json(SampleConfigs.OnLoopback(vip, "wrr")))).EnsureSuccessStatusCode();
        await WaitForAsync(clientA, director => director.GetProperty("appliedVersion").GetInt32() == 2, "the agent on A applied version 2");
    }

    private static StringContent Json(LvsConfig config) => new(PiranhaJson.Serialize(config), Encoding.UTF8, "application/json");

    private Task WaitForAsync(HttpClient dashboard, Func<JsonElement, bool> condition, string what) =>
        _system.WaitUntilAsync(async () => (await dashboard.GetFromJsonAsync<JsonElement>("api/v1/directors")).EnumerateArray()
            .Any(d => d.GetProperty("name").GetString() == "lvs1" && condition(d)), what);
}
