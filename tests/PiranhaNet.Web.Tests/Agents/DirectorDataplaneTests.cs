using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Agents;

/// <summary>
/// The dashboard learns each director's dataplane from its agent's hello and keeps it: while a director runs
/// nftables, a configuration it cannot carry out is refused (422, the field, the director), before and after a
/// dashboard restart, whether the director is connected or not; revoking it lifts that.
/// </summary>
public sealed class DirectorDataplaneTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private DashboardServer _server = null!;

    public async Task InitializeAsync() => _server = await DashboardServer.StartAsync(dataDirectory: _data.Path);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    private static LvsConfig Config(string scheduler) => new()
    {
        Global = new GlobalSettingsConfig { Network = NetworkType.Nat, NatRouterAddress = "10.0.0.1", NatRouterNetmask = "255.255.255.0", NatRouterDevice = "eth1:1" },
        VirtualServers =
        [
            new VirtualServerConfig
            {
                Name = "web", Active = true, Address = "192.0.2.10", Port = 80, Scheduler = scheduler,
                RealServers = [new RealServerConfig { Name = "r1", Address = "10.0.0.11", Active = true }],
            },
        ],
    };

    private Task<HttpResponseMessage> SaveAsync(string scheduler) => _server.SendJsonAsync(HttpMethod.Put, "api/v1/config", PiranhaJson.Serialize(Config(scheduler)));

    private async Task ConnectNftablesDirectorAsync(string name)
    {
        var (enrolled, _) = await _server.Services.GetRequiredService<DirectorEnrolment>().EnrolAsync(name, "test", CancellationToken.None);
        using var agent = await ScriptedAgent.ConnectAsync(_server.Address, enrolled!.Token, name, dataplane: "nftables");
        var store = _server.Services.GetRequiredService<DirectorStore>();
        for (var attempt = 0; attempt < 100 && (await store.ListAsync(CancellationToken.None)).Single(d => d.Name == name).Dataplane is null; attempt++)
        {
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task NftablesDirector_WlcIsRefusedNamingTheFieldAndTheDirector_RrIsTaken_AlsoAfterARestart()
    {
        (await SaveAsync("wlc")).EnsureSuccessStatusCode();
        await ConnectNftablesDirectorAsync("lvs2");

        using var refused = await SaveAsync("wlc");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("virtualServers[web].scheduler", body, StringComparison.Ordinal);
        Assert.Contains("scheduler wlc picks by live connection counts, which the nftables dataplane does not keep: choose rr, wrr, sh, dh, mh or fo (director lvs2 runs it)",
            JsonDocument.Parse(body).RootElement.GetRawText().Replace("\\u0027", "'", StringComparison.Ordinal), StringComparison.Ordinal);
        (await SaveAsync("rr")).EnsureSuccessStatusCode();

        // The director is not connected now, and the dashboard restarts: what it runs is remembered.
        await _server.DisposeAsync();
        _server = await DashboardServer.StartAsync(dataDirectory: _data.Path);
        Assert.Equal("nftables", (await _server.Services.GetRequiredService<DirectorStore>().ListAsync(CancellationToken.None)).Single().Dataplane);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SaveAsync("lc")).StatusCode);

        await _server.Services.GetRequiredService<DirectorEnrolment>().RevokeAsync("lvs2", CancellationToken.None);

        (await SaveAsync("lc")).EnsureSuccessStatusCode();
    }
}
