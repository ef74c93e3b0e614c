using Microsoft.AspNetCore.Components;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Configuration;
using Radzen;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Services;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>
/// Piranha's CONTROL/MONITORING page: the cluster's and each director's Start/Stop, directors' state and the
/// routing table. Changes are pushed as they happen; the update interval (Piranha: 10 s, minimum 10 s) is a
/// fallback, and pausing stops both: the page shows a snapshot of the agents' reports taken when it last
/// updated, not the live registry.
/// </summary>
public partial class ControlMonitoring
{
    /// <summary>Piranha's minimum (and default) update interval in seconds.</summary>
    public const int MinimumInterval = 10;

    private static readonly Choices.Choice<RoutingTableView>[] s_views =
        [new(RoutingTableView.Connections, "Connections"), new(RoutingTableView.Stats, "Stats"), new(RoutingTableView.Rates, "Rates")];

    private IReadOnlyList<DirectorStore.Director> _directors = [];
    private RoutingTableView _view = RoutingTableView.Connections;
    private DirectorStore.ClusterControl _cluster = new(true, "", null);
    private int _latestSerial;
    private int _interval = MinimumInterval;
    private bool _paused;
    private DateTimeOffset _updatedAt;
    private Timer? _timer;
    // The agents' views and chart data as of the last update; the registry itself changes every second.
    private Dictionary<string, AgentView> _views = [];
    private List<AgentView> _reporting = [];
    private Dictionary<string, IReadOnlyList<RateHistory.ServiceRates>> _rates = [];
    private DirectorPair _pair = new([], [], []);

    /// <summary>Directors and Start/Stop state.</summary>
    [Inject] public required DirectorStore Store { get; init; }

    /// <summary>Start/Stop, which tells the agents.</summary>
    [Inject] public required DirectorEnrolment Control { get; init; }

    /// <summary>What the directors' agents report.</summary>
    [Inject] public required AgentRegistry Agents { get; init; }

    /// <summary>The last 15 minutes of each director's service rates, for the charts.</summary>
    [Inject] public required RateHistory Rates { get; init; }

    /// <summary>The latest version.</summary>
    [Inject] public required ConfigService Configs { get; init; }

    /// <summary>When the page was last updated.</summary>
    [Inject] public required TimeProvider Time { get; init; }

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        // Agents report every second; their views live in memory, so a status change only takes a new snapshot.
        // The store is read again only when a version was saved or Start/Stop changed.
        Follow(kind =>
        {
            if (_paused)
            {
                return Task.CompletedTask;
            }
            if (kind == ChangeKind.Status)
            {
                TakeSnapshot();
                return Task.CompletedTask;
            }
            return LoadAsync();
        }, ChangeKind.Status, ChangeKind.Configuration, ChangeKind.Cluster);
        _timer = new Timer(_ => { if (!_paused) { _ = InvokeAsync(RefreshAsync); } }, null, TimeSpan.FromSeconds(_interval), TimeSpan.FromSeconds(_interval));
    }

    private AgentView? View(DirectorStore.Director director) => _views.GetValueOrDefault(director.Name);

    private bool AnyConnected => _views.Values.Any(v => v.Connected);

    private IReadOnlyList<RateHistory.ServiceRates> RatesOf(string director) => _rates.GetValueOrDefault(director) ?? [];

    // The registry's views, the enrolled directors whose agent is connected and has reported a table, and their charts.
    private void TakeSnapshot()
    {
        _views = Agents.Views.ToDictionary(v => v.Key, v => v.Value);
        _reporting = [.. _directors.Select(View).Where(v => v is { Connected: true, Status: not null }).Select(v => v!)];
        _rates = _reporting.ToDictionary(v => v.Name, v => Rates.For(v.Name));
        // The key's fingerprint is compared on the Redundancy page; here only roles, states and split brain matter.
        _pair = DirectorPair.From(_views.Values, keyFingerprint: null, failovers: []);
    }

    // The role and state the director reports; agents before redundancy (protocol 2) serve alone, so a running one is active.
    private (string Text, BadgeStyle Style) Role(DirectorStore.Director director) => View(director) switch
    {
        null or { Connected: false } => ("unreachable", BadgeStyle.Light),
        { Status.Running: false } => ("stopped", BadgeStyle.Warning),
        // A director without a role (it holds neither configured address) shows its state alone.
        { Status.Redundancy: { } r } => ((r.Role is { } role ? $"{role.ToString().ToLowerInvariant()} · " : "") + r.State.ToString().ToLowerInvariant(),
            Controls.DirectorPairPanel.StyleOf(r.State)),
        _ => ("active", BadgeStyle.Success),
    };

    private async Task LoadAsync()
    {
        _directors = await Store.ListAsync(CancellationToken.None);
        _cluster = await Store.GetClusterAsync(CancellationToken.None);
        _latestSerial = await Configs.GetLatestSerialAsync(CancellationToken.None);
        _updatedAt = Time.GetUtcNow();
        TakeSnapshot();
    }

    private async Task RefreshAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private void SetInterval(int seconds)
    {
        _interval = Math.Max(MinimumInterval, seconds);
        _timer?.Change(TimeSpan.FromSeconds(_interval), TimeSpan.FromSeconds(_interval));
    }

    private async Task SetClusterAsync(bool running)
    {
        await Control.SetClusterRunningAsync(running, await AuthorAsync(), CancellationToken.None);
        await RefreshAsync();
    }

    private async Task SetDirectorAsync(DirectorStore.Director director, bool running)
    {
        await Control.SetDirectorRunningAsync(director.Name, running, CancellationToken.None);
        await RefreshAsync();
    }

    /// <inheritdoc />
    protected override void OnDispose() => _timer?.Dispose();
}
