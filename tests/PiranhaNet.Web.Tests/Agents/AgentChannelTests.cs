using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Agents;

/// <summary>
/// The agent channel as the dashboard speaks it, driven by a scripted agent over a real WebSocket: the whole
/// configuration on connect, changes afterwards, the whole again when asked, and only whole ones to agents
/// of protocol 1.
/// </summary>
public sealed class AgentChannelTests : IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);
    private DashboardServer _server = null!;
    private string _token = "";

    public async Task InitializeAsync()
    {
        _server = await DashboardServer.StartAsync();
        var (enrolled, _) = await _server.Services.GetRequiredService<DirectorEnrolment>().EnrolAsync("lvs1", "test", CancellationToken.None);
        _token = enrolled!.Token;
        await SaveAsync(Config(weight: 1));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static LvsConfig Config(int weight) => new()
    {
        Global = new GlobalSettingsConfig { Network = NetworkType.Direct },
        VirtualServers =
        [
            .. Enumerable.Range(1, 3).Select(i => new VirtualServerConfig
            {
                Name = $"vs{i}", Active = true, Address = $"192.0.2.{i}", Port = 80, Scheduler = "rr",
                RealServers = [new RealServerConfig { Name = "r1", Address = "198.51.100.1", Weight = i == 2 ? weight : 1, Active = true }],
            }),
        ],
    };

    private async Task SaveAsync(LvsConfig config) =>
        (await _server.SendJsonAsync(HttpMethod.Put, "api/v1/config", PiranhaJson.Serialize(config))).EnsureSuccessStatusCode();

    private Task<ClientWebSocket> ConnectAsync(int protocolVersion) => ScriptedAgent.ConnectAsync(_server.Address, _token, "lvs1", protocolVersion);

    // The next configure or configure-changes message (status requests and the like are not sent to agents).
    private static async Task<AgentMessage> NextAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(s_wait);
        return await WebSocketMessages.ReceiveAsync(socket, timeout.Token) ?? throw new InvalidOperationException("the dashboard closed the channel");
    }

    [Fact]
    public async Task Hello_HoldingTheLatestVersion_IsSentNothing_AndTheNextVersionAsChangesBuiltOnIt()
    {
        // Version 1 as the store has it (saving fills in defaults), as the agent was sent it before.
        var held = (await _server.Services.GetRequiredService<PiranhaNet.Web.Configuration.ConfigService>().GetLatestAsync(CancellationToken.None)).Config;
        using var socket = await ScriptedAgent.ConnectAsync(_server.Address, _token, "lvs1", appliedVersion: 1, appliedDigest: ConfigDigest.Of(held));

        await SaveAsync(Config(weight: 2));

        // Had version 1 been sent again on connect, it would come first.
        var changes = Assert.IsType<ConfigureChangesMessage>(await NextAsync(socket));
        Assert.Equal((2, 1), (changes.Version, changes.BaseVersion));
    }

    [Fact]
    public async Task Hello_HoldingAnotherVersionOfTheSameNumber_IsSentTheWhole()
    {
        // A store started afresh numbers its versions from 1 again: the digest tells the two apart.
        using var socket = await ScriptedAgent.ConnectAsync(_server.Address, _token, "lvs1", appliedVersion: 1, appliedDigest: ConfigDigest.Of(Config(weight: 7)));

        var whole = Assert.IsType<ConfigureMessage>(await NextAsync(socket));
        Assert.Equal(1, whole.Version);
    }

    [Fact]
    public async Task Channel_AfterTheFirstPush_SendsOnlyChangesAndTheWholeAgainOnRequest()
    {
        using var socket = await ConnectAsync(AgentProtocol.Version);
        var first = Assert.IsType<ConfigureMessage>(await NextAsync(socket));

        await SaveAsync(Config(weight: 5));
        var changes = Assert.IsType<ConfigureChangesMessage>(await NextAsync(socket));
        await WebSocketMessages.SendAsync(socket, new ResendMessage(1), CancellationToken.None);
        var whole = Assert.IsType<ConfigureMessage>(await NextAsync(socket));

        Assert.Equal(1, first.Version);
        Assert.Equal((2, 1), (changes.Version, changes.BaseVersion));
        Assert.Equal(["vs2"], changes.Patch.Changed.Select(vs => vs.Name));
        Assert.Equal(whole.Config, changes.Patch.ApplyTo(first.Config));
        Assert.Equal(2, whole.Version);
    }

    [Fact]
    public async Task Channel_StatusAsChanges_IsMergedIntoTheWholeTable()
    {
        using var socket = await ConnectAsync(AgentProtocol.Version);
        var configure = Assert.IsType<ConfigureMessage>(await NextAsync(socket));
        var table = DesiredTable.From(configure.Config).Select(IpvsServiceStatus.Unmeasured).ToList();
        var whole = new DirectorStatus("lvs1", "userspace", true, 1, null, [.. table], []);
        var counted = whole with { Services = [table[0], table[1] with { Stats = new IpvsCounters(5, 0, 0, 0, 0) }, table[2]] };

        await WebSocketMessages.SendAsync(socket, StatusChanges.Between(null, whole), CancellationToken.None);
        await WebSocketMessages.SendAsync(socket, StatusChanges.Between(whole, counted), CancellationToken.None);

        var registry = _server.Services.GetRequiredService<AgentRegistry>();
        for (var attempt = 0; attempt < 100 && registry.Views.GetValueOrDefault("lvs1")?.Status?.Services[1].Stats.Connections != 5; attempt++)
        {
            await Task.Delay(50);
        }
        Assert.Equal(counted, registry.Views["lvs1"].Status);
    }

    [Fact]
    public async Task Channel_HealthEvents_AreStoredAndServedByTheApi()
    {
        using var socket = await ConnectAsync(AgentProtocol.Version);
        await NextAsync(socket);
        var at = DateTimeOffset.UtcNow;

        await WebSocketMessages.SendAsync(socket, new EventsMessage(
            [new HealthEvent(at, "vs2", "r1", HealthState.Up, HealthState.Down, "connection refused")]), CancellationToken.None);

        var events = _server.Services.GetRequiredService<PiranhaNet.Web.Data.EventStore>();
        for (var attempt = 0; attempt < 100 && (await events.ListAsync(new(), CancellationToken.None)).Count == 0; attempt++)
        {
            await Task.Delay(50);
        }
        var listed = await _server.Client.GetStringAsync("api/v1/events?state=down&director=lvs1");
        var badState = await _server.SendAsync(HttpMethod.Get, "api/v1/events?state=sideways");

        Assert.Contains("\"reason\":\"connection refused\"", listed);
        Assert.Contains("\"virtualServer\":\"vs2\"", listed);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badState.StatusCode);
    }

    [Fact]
    public async Task Channel_ProtocolOneAgent_GetsOnlyWholeConfigurations()
    {
        using var socket = await ConnectAsync(1);
        Assert.IsType<ConfigureMessage>(await NextAsync(socket));

        await SaveAsync(Config(weight: 5));

        Assert.Equal(2, Assert.IsType<ConfigureMessage>(await NextAsync(socket)).Version);
    }
}
