using System.Diagnostics;
using System.Net.WebSockets;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Web.Testing.Fleet;

/// <summary>
/// A director without a kernel: a real WebSocket client on the agent channel that speaks the real protocol (hello;
/// applied or resend for each configure; its table as status, whole then as changes, every second and after each
/// apply; now and then a health event) and moves to its next controller when its dashboard goes away, as
/// piranhanet-agent does. Issue 15's load generator runs hundreds of these; they create no kernel state.
/// </summary>
public sealed class SimulatedDirector(string name, string token, IReadOnlyList<Uri> controllers, SimulatedDirectorOptions options)
{
    private readonly Lock _lock = new();
    private readonly List<int> _applied = [];
    private LvsConfig? _config;
    private int _version;
    private bool _running;
    private Uri? _connectedTo;

    /// <summary>The director's enrolled name.</summary>
    public string Name { get; } = name;

    /// <summary>Called with (director, version, Stopwatch timestamp) when a version is put in force; on a socket's thread.</summary>
    public Action<SimulatedDirector, int, long>? Applied { get; set; }

    /// <summary>Called with (director, version, Stopwatch timestamp) when a version it holds is sent to it again.</summary>
    public Action<SimulatedDirector, int, long>? Repeated { get; set; }

    /// <summary>Called with (director, dashboard, Stopwatch timestamp) when a connection's hello has been sent.</summary>
    public Action<SimulatedDirector, Uri, long>? Connected { get; set; }

    /// <summary>The dashboard it is connected to now, or null between connections.</summary>
    public Uri? ConnectedTo
    {
        get { lock (_lock) { return _connectedTo; } }
    }

    /// <summary>The version in force (0 before any).</summary>
    public int Version
    {
        get { lock (_lock) { return _version; } }
    }

    /// <summary>
    /// Every version it put in force, in order; a version is listed again only when its run state changed (Start/Stop).
    /// A version and run state it already held, sent again, is not applied again (see <see cref="Repeats"/>).
    /// </summary>
    public IReadOnlyList<int> AppliedVersions
    {
        get { lock (_lock) { return [.. _applied]; } }
    }

    /// <summary>How many times a dashboard sent it the version and run state it already held.</summary>
    public int Repeats { get; private set; }

    /// <summary>Connects, reports and follows until <paramref name="stop"/>; a lost dashboard moves it to the next controller.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        for (var attempt = 0; !stop.IsCancellationRequested; attempt++)
        {
            var controller = controllers[attempt % controllers.Count];
            try
            {
                await RunConnectionAsync(controller, stop);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or InvalidDataException)
            {
            }
            lock (_lock)
            {
                _connectedTo = null;
            }
            // Straight on to the next controller; a short pause only once every one has been tried.
            if ((attempt + 1) % controllers.Count == 0)
            {
                await Task.Delay(options.RetryPause, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task RunConnectionAsync(Uri controller, CancellationToken stop)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        socket.Options.KeepAliveInterval = options.KeepAlive;
        using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(stop))
        {
            connecting.CancelAfter(options.ConnectTimeout);
            await socket.ConnectAsync(AgentProtocol.ChannelUri(controller), connecting.Token);
        }
        var sends = new SemaphoreSlim(1, 1);
        var session = new Session(socket, sends);
        // As piranhanet-agent does: with the digest of what it holds, a dashboard with nothing newer sends nothing.
        await session.SendAsync(new HelloMessage(Name, "userspace", Version, _running, _config is null ? null : ConfigDigest.Of(_config)), stop);
        lock (_lock)
        {
            _connectedTo = controller;
        }
        Connected?.Invoke(this, controller, Stopwatch.GetTimestamp());
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var reporting = ReportEverySecondAsync(session, ended.Token);
        try
        {
            while (await WebSocketMessages.ReceiveAsync(socket, stop) is { } message)
            {
                await HandleAsync(session, message, stop);
            }
        }
        finally
        {
            await ended.CancelAsync();
            await reporting.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task HandleAsync(Session session, AgentMessage message, CancellationToken stop)
    {
        switch (message)
        {
            // What it holds already, sent again (a dashboard it moved to sends the whole version): in force, nothing to do.
            case ConfigureMessage whole when Holds(whole.Version, whole.Running):
                await RepeatedAsync(session, whole.Version, stop);
                break;
            case ConfigureMessage whole:
                await ApplyAsync(session, whole.Version, whole.Running, whole.Config, stop);
                break;
            case ConfigureChangesMessage changes when changes.BaseVersion == Version && Holds(changes.Version, changes.Running):
                await RepeatedAsync(session, changes.Version, stop);
                break;
            case ConfigureChangesMessage changes when changes.BaseVersion == Version && _config is not null:
                await ApplyAsync(session, changes.Version, changes.Running, changes.Patch.ApplyTo(_config), stop);
                break;
            case ConfigureChangesMessage:
                await session.SendAsync(new ResendMessage(Version), stop);
                break;
        }
    }

    private bool Holds(int version, bool running) => _config is not null && version == Version && running == _running;

    private async Task RepeatedAsync(Session session, int version, CancellationToken stop)
    {
        Repeats++;
        Repeated?.Invoke(this, version, Stopwatch.GetTimestamp());
        await session.SendAsync(new AppliedMessage(version, 0), stop);
    }

    private async Task ApplyAsync(Session session, int version, bool running, LvsConfig config, CancellationToken stop)
    {
        var applied = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            (_config, _running, _version) = (config, running, version);
            _applied.Add(version);
        }
        Applied?.Invoke(this, version, applied);
        await session.SendAsync(new AppliedMessage(version, config.VirtualServers.Count), stop);
        await session.ReportAsync(SimulatedTable.Status(Name, version, running, config, session.Second), stop);
    }

    // The table every second; every options.EventEvery seconds one real server goes down and comes back as events.
    private async Task ReportEverySecondAsync(Session session, CancellationToken stop)
    {
        // Spread over the second so that a fleet started at once does not report in one burst.
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1000)), stop);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        do
        {
            session.Second++;
            LvsConfig? config;
            lock (_lock)
            {
                config = _config;
            }
            if (config is null)
            {
                continue;
            }
            await session.ReportAsync(SimulatedTable.Status(Name, Version, _running, config, session.Second), stop);
            if (options.EventEvery > 0 && session.Second % options.EventEvery == 0 && SimulatedTable.Flap(config, TimeProvider.System.GetUtcNow()) is { } flap)
            {
                await session.SendAsync(new EventsMessage(flap), stop);
            }
        }
        while (await timer.WaitForNextTickAsync(stop));
    }

    // One connection: sends take turns, and statuses after the first are sent as changes against the last one sent.
    private sealed class Session(ClientWebSocket socket, SemaphoreSlim sends)
    {
        private DirectorStatus? _lastReported;

        public int Second { get; set; }

        public async Task SendAsync(AgentMessage message, CancellationToken stop)
        {
            await sends.WaitAsync(stop);
            try
            {
                await WebSocketMessages.SendAsync(socket, message, stop);
            }
            finally
            {
                sends.Release();
            }
        }

        public async Task ReportAsync(DirectorStatus status, CancellationToken stop)
        {
            await sends.WaitAsync(stop);
            try
            {
                await WebSocketMessages.SendAsync(socket, StatusChanges.Between(_lastReported, status), stop);
                _lastReported = status;
            }
            finally
            {
                sends.Release();
            }
        }
    }
}
