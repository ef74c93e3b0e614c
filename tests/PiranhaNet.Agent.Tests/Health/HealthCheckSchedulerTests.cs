using System.Net;
using System.Net.Sockets;
using System.Text;
using PiranhaNet.Agent.Channel;
using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Reconciliation;
using PiranhaNet.Agent.Runtime;
using PiranhaNet.Agent.Tests.Dataplane.Userspace;
using PiranhaNet.Agent.Tests.Shared;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Tests.Health;

/// <summary>
/// Health checks of a whole agent (its scheduler, runtime state and reconcile loop) on the userspace dataplane,
/// against real servers on loopback that the test stops and starts: removal, quiesce, re-entry after its time, the
/// ramp, and the sorry server.
/// </summary>
public sealed class HealthCheckSchedulerTests : IAsyncLifetime
{
    // Interval 1 s (the smallest lvs.cf allows), response timeout 1 s: a stopped server is out within 2 s.
    private static readonly TimeSpan s_removalBound = TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(3);
    private readonly TestAgent _agent = new();
    private readonly int _vipPort = Backends.FreePort();
    private readonly RestartableServer _a = new(IPAddress.Loopback, Backends.FreePort(), "a");
    private readonly RestartableServer _b = new(IPAddress.Loopback, Backends.FreePort(), "b");

    private TableReconciler Applier => _agent.Get<TableReconciler>();

    private IEnumerable<RealServerHealthStatus> Health => _agent.Get<RealServerStates>().Status();

    // The changes of state the agent queued for the dashboard (it has none to send them to).
    private IReadOnlyList<HealthEvent> Events => _agent.Get<UnsentHealthEvents>().Peek(UnsentHealthEvents.Capacity).Events;

    public Task InitializeAsync() => _agent.StartAsync();

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        _a.Dispose();
        _b.Dispose();
    }

    private LvsConfig Config(int reentry = 0, bool quiesce = false, string? sorry = null, int weightOfB = 2) => new()
    {
        Global = new GlobalSettingsConfig { Network = NetworkType.Direct },
        VirtualServers =
        [
            new VirtualServerConfig
            {
                Name = "web", Active = true, Address = "127.0.0.1", Port = _vipPort, Scheduler = "rr",
                Timeout = 1, Reentry = reentry, QuiesceServer = quiesce, SorryServer = sorry,
                HealthCheck = new HealthCheckConfig { ResponseTimeout = 1 },
                RealServers =
                [
                    new RealServerConfig { Name = "a", Address = "127.0.0.1", Port = _a.Port, Active = true },
                    new RealServerConfig { Name = "b", Address = "127.0.0.1", Port = _b.Port, Weight = weightOfB, Active = true },
                ],
            },
        ],
    };

    private async Task<IpvsService> TableAsync() => Assert.Single(await _agent.Get<IDataplane>().ReadTableAsync(CancellationToken.None));

    // Polls the dataplane (every 50 ms, at most `within`) until `holds`; fails naming what was awaited.
    private async Task<IpvsService> WaitForAsync(Func<IpvsService, bool> holds, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var table = await TableAsync();
            if (holds(table))
            {
                return table;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within {within.TotalSeconds} s; table: {string.Join(", ", table.Destinations)}");
            await Task.Delay(50);
        }
    }

    private bool Has(IpvsService table, RestartableServer server, int? weight = null) =>
        table.Destinations.Any(d => d.Port == server.Port && (weight is null || d.Weight == weight));

    [Fact]
    public async Task WeightEdit_OfAHealthyServer_IsInTheTableAtOnce()
    {
        Assert.True((await Applier.ApplyAsync(1, Config(), running: true, CancellationToken.None)).Succeeded);

        Assert.True((await Applier.ApplyAsync(2, Config(weightOfB: 5), running: true, CancellationToken.None)).Succeeded);

        // Checked right after the apply, not waited for: the new weight must not wait for some later health change.
        var table = await TableAsync();
        Assert.True(Has(table, _b, weight: 5), $"table after the edit: {string.Join(", ", table.Destinations)}");
        // The report follows the version a moment later, when the scheduler has taken it.
        // (b may not be reported yet at all: the scheduler takes versions on its own loop.)
        await Eventually.TrueAsync(() => Health.Any(h => h.RealServer == "b" && h.Weight == 5), TimeSpan.FromSeconds(5), "b reported at weight 5");
    }

    [Fact]
    public async Task StoppedServer_LeavesTheTable_AndComesBackAfterReentry()
    {
        Assert.True((await Applier.ApplyAsync(1, Config(reentry: 2), running: true, CancellationToken.None)).Succeeded);

        _b.Stop();
        await WaitForAsync(t => !Has(t, _b) && Has(t, _a), s_removalBound, "b leaving the table");
        var down = Health.Single(h => h.RealServer == "b");
        var restarted = DateTimeOffset.UtcNow;
        _b.Start();
        // The ramp as the dataplane holds it: b comes back at weight 1, then 2, one check interval apart.
        var rampedFromOne = await WaitForAsync(t => Has(t, _b), TimeSpan.FromSeconds(10), "b coming back");
        await WaitForAsync(t => Has(t, _b, weight: 2), TimeSpan.FromSeconds(5), "b reaching its full weight");

        Assert.Equal((HealthState.Down, "connection refused"), (down.State, down.Detail));
        Assert.True(Has(rampedFromOne, _b, weight: 1), $"b came back at {string.Join(", ", rampedFromOne.Destinations)}");
        // b's weight is 2: back in at 1 (ramping), then at 2 (up).
        Assert.Equal([(HealthState.Up, HealthState.Down, "connection refused"), (HealthState.Down, HealthState.Entering, "connected"),
                      (HealthState.Entering, HealthState.Ramping, "connected"), (HealthState.Ramping, HealthState.Up, "connected")],
            Events.Where(e => e.RealServer == "b").Select(e => (e.From, e.To, e.Reason)).ToList());
        var back = Health.Single(h => h.RealServer == "b");
        Assert.Equal(HealthState.Up, back.State);
        // It passed its first check at or after the restart and then had to stay healthy for the 2 s of reentry.
        Assert.True(back.Since - restarted >= TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(50), $"back at {back.Since:O}, restarted at {restarted:O}");
    }

    [Fact]
    public async Task Quiesce_StoppedServerStaysAtWeightZero()
    {
        await Applier.ApplyAsync(1, Config(quiesce: true), running: true, CancellationToken.None);

        _b.Stop();

        await WaitForAsync(t => Has(t, _b, weight: 0), s_removalBound, "b quiesced to weight 0");
        Assert.Equal("a", await ProxyClient.BackendOfNewConnectionAsync(_vipPort));
    }

    [Fact]
    public async Task SorryServer_TakesOverWhenAllAreDown_AndLeavesWhenOneIsBack()
    {
        using var sorry = new RestartableServer(IPAddress.Parse("127.0.0.2"), _vipPort, "sorry");
        await Applier.ApplyAsync(1, Config(sorry: "127.0.0.2"), running: true, CancellationToken.None);

        _a.Stop();
        _b.Stop();
        var during = await WaitForAsync(t => t.Destinations.Count == 1 && t.Destinations[0].Address.Equals(IPAddress.Parse("127.0.0.2")), s_removalBound, "the sorry server alone");
        var answer = await ProxyClient.BackendOfNewConnectionAsync(_vipPort);
        _a.Start();
        await WaitForAsync(t => Has(t, _a) && t.Destinations.Count == 1, s_removalBound, "a back and the sorry server gone");

        Assert.Equal(_vipPort, during.Destinations[0].Port);
        Assert.Equal("sorry", answer);
    }

    /// <summary>A TCP server on a fixed address and port that answers its name and can be stopped and started again.</summary>
    private sealed class RestartableServer : IDisposable
    {
        private readonly IPAddress _address;
        private readonly string _name;
        private TcpListener? _listener;

        public RestartableServer(IPAddress address, int port, string name)
        {
            (_address, Port, _name) = (address, port, name);
            Start();
        }

        public int Port { get; }

        public void Start()
        {
            var listener = new TcpListener(_address, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            _ = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        using var client = await listener.AcceptSocketAsync();
                        await client.SendAsync(Encoding.ASCII.GetBytes(_name + "\n"), SocketFlags.None);
                    }
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // stopped
                }
            });
        }

        public void Stop() => _listener?.Stop();

        public void Dispose() => Stop();
    }
}
