using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Api;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Agents;

/// <summary>
/// The dashboard's part in redundancy over the real agent channel: heartbeat keys go to agents on connect and on
/// rotation (never to logs), Make active reaches the right director, and the pair's reports come back as
/// roles, states and a split-brain warning.
/// </summary>
public sealed class RedundancyChannelTests : IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);
    private DashboardServer _server = null!;
    private readonly Dictionary<string, string> _tokens = [];

    public async Task InitializeAsync()
    {
        _server = await DashboardServer.StartAsync();
        foreach (var name in new[] { "lvs1", "lvs2" })
        {
            var (enrolled, _) = await _server.Services.GetRequiredService<DirectorEnrolment>().EnrolAsync(name, "test", CancellationToken.None);
            _tokens[name] = enrolled!.Token;
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<ClientWebSocket> ConnectAsync(string name, int protocolVersion = AgentProtocol.Version) =>
        ScriptedAgent.ConnectAsync(_server.Address, _tokens[name], name, protocolVersion);

    // The next message of type T, skipping configurations.
    private static async Task<T> NextAsync<T>(WebSocket socket) where T : AgentMessage
    {
        using var timeout = new CancellationTokenSource(s_wait);
        while (true)
        {
            var message = await WebSocketMessages.ReceiveAsync(socket, timeout.Token) ?? throw new InvalidOperationException("the dashboard closed the channel");
            if (message is T wanted)
            {
                return wanted;
            }
        }
    }

    private async Task<RedundancyApi.RotatedKey> RotateAsync()
    {
        var response = await _server.SendAsync(HttpMethod.Post, "api/v1/redundancy/heartbeat-key");
        response.EnsureSuccessStatusCode();
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (await response.Content.ReadFromJsonAsync<RedundancyApi.RotatedKey>())!;
    }

    [Fact]
    public async Task HeartbeatKey_GoesToAgentsOnConnectAndOnRotation_WithThePreviousForAWhile_AndNeverToTheLog()
    {
        var first = await RotateAsync();
        using var agent = await ConnectAsync("lvs1");
        var onConnect = await NextAsync<HeartbeatKeyMessage>(agent);

        var second = await RotateAsync();
        var onRotation = await NextAsync<HeartbeatKeyMessage>(agent);

        Assert.Equal((first.Key, null), (onConnect.Key, onConnect.Previous));
        Assert.Equal((second.Key, first.Key), (onRotation.Key, onRotation.Previous));
        Assert.InRange(onRotation.PreviousUntil!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
        Assert.Equal(HeartbeatKey.Fingerprint(HeartbeatKey.TryDecode(second.Key)!), second.Fingerprint);
        var log = string.Join('\n', _server.Log.Messages);
        Assert.Contains($"new key fingerprint {second.Fingerprint}", log);
        Assert.DoesNotContain(first.Key, log);
        Assert.DoesNotContain(second.Key, log);
        // Nor in anything the configuration API or an export serves.
        Assert.DoesNotContain(second.Key, await _server.Client.GetStringAsync("api/v1/config"));
        Assert.DoesNotContain(second.Key, await _server.Client.GetStringAsync("api/v1/redundancy/pair"));
    }

    [Fact]
    public async Task HeartbeatKey_NotSentToAProtocolTwoAgent()
    {
        await RotateAsync();
        using var old = await ConnectAsync("lvs1", protocolVersion: 2);

        var first = await NextAsync<AgentMessage>(old);

        Assert.IsType<ConfigureMessage>(first);
    }

    [Fact]
    public async Task MakeActive_TellsTheChosenDirectorAndReleasesTheOther_AnUnconnectedOneIsAConflict()
    {
        using var lvs1 = await ConnectAsync("lvs1");
        using var lvs2 = await ConnectAsync("lvs2");
        var registry = _server.Services.GetRequiredService<AgentRegistry>();
        for (var attempt = 0; attempt < 100 && registry.Sessions.Count < 2; attempt++)
        {
            await Task.Delay(50);
        }

        var made = await _server.SendAsync(HttpMethod.Post, "api/v1/directors/lvs2/make-active");
        var absent = await _server.SendAsync(HttpMethod.Post, "api/v1/directors/nosuch/make-active");

        Assert.Equal(HttpStatusCode.NoContent, made.StatusCode);
        Assert.True((await NextAsync<MakeActiveMessage>(lvs2)).Active);
        Assert.False((await NextAsync<MakeActiveMessage>(lvs1)).Active);
        Assert.Equal(HttpStatusCode.Conflict, absent.StatusCode);
        Assert.Contains("director nosuch is not connected", await absent.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BothReportActive_TheRedundancyApiWarnsOfSplitBrain()
    {
        using var lvs1 = await ConnectAsync("lvs1");
        using var lvs2 = await ConnectAsync("lvs2");
        foreach (var (socket, name, role) in new[] { (lvs1, "lvs1", DirectorRole.Primary), (lvs2, "lvs2", DirectorRole.Backup) })
        {
            var redundancy = new RedundancyStatus(role, DirectorState.Active, "peer silent on every path for more than 5 s", false, null, [], [], [], null, null);
            await WebSocketMessages.SendAsync(socket, new StatusMessage(new DirectorStatus(name, "userspace", true, 0, null, [], [], Redundancy: redundancy)),
                CancellationToken.None);
        }

        string body = "";
        for (var attempt = 0; attempt < 100 && !body.Contains("Split brain", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(50);
            body = await _server.Client.GetStringAsync("api/v1/redundancy/pair");
        }

        Assert.Contains("Split brain: lvs1 and lvs2 both claim to be active", body);
    }

    [Fact]
    public async Task Failovers_ReportedAgainAndAgain_AreStoredOnce_AndListedNewestFirst()
    {
        using var lvs2 = await ConnectAsync("lvs2");
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var first = new FailoverRecord(at, DirectorState.Standby, DirectorState.Active, "peer silent on every path for more than 5 s");
        var second = new FailoverRecord(at.AddSeconds(30), DirectorState.Active, DirectorState.Standby, "primary is active");
        // Sent last, and waited for: one connection's messages are handled in order, so the repeats before it were too.
        var third = new FailoverRecord(at.AddSeconds(40), DirectorState.Standby, DirectorState.Active, "peer is stopped");
        RedundancyStatus Status(params FailoverRecord[] failovers) =>
            new(DirectorRole.Backup, failovers[^1].To, failovers[^1].Reason, false, DirectorState.Active, [], [.. failovers], [], null, null);

        foreach (var status in new[] { Status(first), Status(first), Status(first, second), Status(first, second), Status(first, second, third) })
        {
            await WebSocketMessages.SendAsync(lvs2, new StatusMessage(new DirectorStatus("lvs2", "userspace", true, 0, null, [], [], Redundancy: status)),
                CancellationToken.None);
        }

        string body = "[]";
        for (var attempt = 0; attempt < 100 && !body.Contains("peer is stopped", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(50);
            body = await _server.Client.GetStringAsync("api/v1/failovers?director=lvs2");
        }
        var listed = System.Text.Json.JsonDocument.Parse(body).RootElement;

        Assert.Equal(3, listed.GetArrayLength());
        Assert.Equal(["peer is stopped", "primary is active", "peer silent on every path for more than 5 s"],
            listed.EnumerateArray().Select(f => f.GetProperty("reason").GetString()));
    }
}
