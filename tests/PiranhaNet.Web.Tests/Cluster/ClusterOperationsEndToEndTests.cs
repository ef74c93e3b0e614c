using System.Net;
using System.Net.Http.Json;
using PiranhaNet.Core.Json;
using PiranhaNet.Netns;
using PiranhaNet.Web.Testing;
using PiranhaNet.Web.Tests.Api;

namespace PiranhaNet.Web.Tests.Cluster;

/// <summary>Runs alone: three agents keep a 0.6 s dead time only if other tests are not eating the CPU meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "cluster operations in network namespaces";
}

/// <summary>
/// The operator's pause, drain and move through the dashboard's API, carried out by three real agent processes in
/// network namespaces (<see cref="ClusterLabSettings"/>: group a prefers lvs1, b prefers lvs2) that reach the
/// dashboard through a relay on their own loopback. Needs root; fails saying so without it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterOperationsEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(20);
    private DashboardServer _server = null!;
    private DirectorPairLab _lab = null!;
    private readonly List<ControllerRelay> _relays = [];

    public async Task InitializeAsync() => _server = await DashboardServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var relay in _relays)
        {
            await relay.DisposeAsync();
        }
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
        await _server.DisposeAsync();
    }

    // The lab's cluster saved on the dashboard, each director enrolled under its agent's name and started against it.
    private async Task StartAsync(DirectorPairLab.Settings settings)
    {
        _lab = DirectorPairLab.Create(settings);
        var saved = await _server.SendJsonAsync(HttpMethod.Put, "api/v1/config", PiranhaJson.Serialize(DirectorPairLab.Config(settings)));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        foreach (var director in _lab.Directors)
        {
            var enrolled = await (await _server.Client.PostAsJsonAsync("api/v1/directors", new { name = _lab.AgentName(director) })).JsonAsync(HttpStatusCode.Created);
            var relay = ControllerRelay.Start(director, _server.Address);
            _relays.Add(relay);
            _lab.Start(director, relay.Controller, enrolled.GetProperty("token").GetString()!);
        }
        Assert.True(await ClusterLabSettings.AllHeardAsync(_lab, s_settle), _lab.Transcript());
        await HoldAsync(forA: 1, forB: 2);
    }

    private string D(int number) => _lab.Director(number);

    private async Task HoldAsync(int forA, int forB, int? killed = null) =>
        Assert.True(await _lab.HoldsOnlyAsync(D(forA), D(forB), s_settle, killed is { } k ? D(k) : null), $"a should be on d{forA}, b on d{forB}\n{_lab.Transcript()}");

    private async Task PostAsync(string path, object? body = null)
    {
        var response = body is null ? await _server.Client.PostAsync(path, null) : await _server.Client.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Paused_KeepsWhatItHolds_IsNeverElected_ResumingMovesNothing()
    {
        await StartAsync(ClusterLabSettings.Of(failbackB: false));
        var d3 = _lab.Agent(D(3));

        await PostAsync("api/v1/directors/d3/pause");
        Assert.True(await d3.WaitForAsync("operator: this director paused", s_settle), _lab.Transcript());
        _lab.Agent(D(2)).Kill();

        // b's next preferred is lvs3, paused: lvs1 takes it.
        await HoldAsync(forA: 1, forB: 1, killed: 2);
        Assert.DoesNotContain(d3.Lines, line => line.Contains(" taken:", StringComparison.Ordinal));

        await PostAsync("api/v1/directors/d3/resume");
        Assert.True(await d3.WaitForAsync("operator: this director online", s_settle), _lab.Transcript());
        await Task.Delay(TimeSpan.FromSeconds(2));
        await HoldAsync(forA: 1, forB: 1, killed: 2);
        Assert.DoesNotContain(d3.Lines, line => line.Contains(" taken:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drain_EachGroupGoesToTheNextPreferred_ThenPaused_NoRequestFindsNoDirector()
    {
        await StartAsync(ClusterLabSettings.Of());
        using var load = new CancellationTokenSource();
        var requests = RequestContinuouslyAsync(load.Token);

        await Task.Delay(TimeSpan.FromSeconds(1));
        await PostAsync("api/v1/directors/primary/drain");

        Assert.True(await _lab.Agent(D(1)).WaitForAsync("drained: every group is with another director; paused", s_settle), _lab.Transcript());
        await HoldAsync(forA: 2, forB: 2);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await load.CancelAsync();
        var (done, failed) = await requests;
        AssertNoGap(done, failed, switches: 1);
        Assert.Contains(_lab.Agent(D(1)).Lines, line => line.Contains("group a released: lvs2 has taken it over", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Move_TheGroupRunsOnTheChosenDirector_ClearingTheMoveBringsItBack_NoRequestFindsNoDirector()
    {
        await StartAsync(ClusterLabSettings.Of());
        using var load = new CancellationTokenSource();
        var requests = RequestContinuouslyAsync(load.Token);
        await Task.Delay(TimeSpan.FromSeconds(1));

        await PostAsync("api/v1/groups/a/move", new { director = "lvs3" });
        await HoldAsync(forA: 3, forB: 2);
        // The failover history keeps the move with its reason, from d3's own report.
        Assert.True(await HistoryHasAsync("d3", "\"reason\":\"moved to lvs3 by the operator\",\"group\":\"a\""), await _server.Client.GetStringAsync("api/v1/failovers"));
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync("api/v1/groups/a/move")).StatusCode);
        await HoldAsync(forA: 1, forB: 2);

        await Task.Delay(TimeSpan.FromSeconds(1));
        await load.CancelAsync();
        var (done, failed) = await requests;
        AssertNoGap(done, failed, switches: 2);
    }

    // Whether the stored failovers of an agent come to contain the text within the settling time.
    private async Task<bool> HistoryHasAsync(string agent, string text)
    {
        for (var deadline = DateTime.UtcNow + s_settle; DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if ((await _server.Client.GetStringAsync($"api/v1/failovers?director={agent}")).Contains(text, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    // Requests through group a's address from four clients at once, each one after another, until cancelled and at
    // least 2,000 were made (at most 100,000): how many, and each failure with how it failed.
    private async Task<(int Done, List<string> Failed)> RequestContinuouslyAsync(CancellationToken cancellationToken)
    {
        var done = 0;
        var failed = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while ((!cancellationToken.IsCancellationRequested || Volatile.Read(ref done) < MinimumRequests) && Volatile.Read(ref done) < 100_000)
            {
                if (await _lab.TryRequestAsync(TimeSpan.FromSeconds(2)) is { Failure: { } failure })
                {
                    failed.Enqueue($"{failure} at {DateTime.UtcNow:HH:mm:ss.fff}");
                }
                Interlocked.Increment(ref done);
            }
        }, CancellationToken.None)));
        return (done, [.. failed]);
    }

    // Make-before-break leaves no moment without a director holding the address: no request may time out or be
    // refused. The userspace proxy's connections live in the director that accepted them, so one whose first round
    // trip straddles the moment the client follows the new director's announcement is reset by it: at most one per
    // client and switch. (With the kernel's IPVS and the sync daemon the new director carries such connections on.)
    private void AssertNoGap(int done, List<string> failed, int switches)
    {
        var gaps = failed.Where(f => !f.StartsWith("ConnectionReset", StringComparison.Ordinal)).ToList();
        Assert.True(gaps.Count == 0, $"{gaps.Count} of {done} requests found no director: {string.Join("; ", gaps.Take(5))}\n{_lab.Transcript()}");
        Assert.True(failed.Count <= Clients * switches, $"{failed.Count} of {done} requests were reset, more than the {Clients} in flight at each of {switches} switches: " +
            string.Join("; ", failed.Take(10)));
        Assert.True(done >= MinimumRequests, $"only {done} requests: too few to show the operation leaves no gap");
    }

    private const int Clients = 4;
    private const int MinimumRequests = 2_000;
}
