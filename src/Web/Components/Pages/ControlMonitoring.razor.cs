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
/// fallback, and pausing stops both.
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

    /// <summary>Directors and Start/Stop state.</summary>
    [Inject] public required DirectorStore Store { get; init; }

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
        // Agents report every second; their views live in memory, so a status change only re-renders.
        // The store is read again only when a version, the draft or Start/Stop changed.
        Follow(kind => _paused || kind == ChangeKind.Status ? Task.CompletedTask : LoadAsync());
        _timer = new Timer(_ => { if (!_paused) { _ = InvokeAsync(RefreshAsync); } }, null, TimeSpan.FromSeconds(_interval), TimeSpan.FromSeconds(_interval));
    }

    private AgentView? View(DirectorStore.Director director) => Agents.Views.GetValueOrDefault(director.Name);

    private bool AnyConnected => Agents.Views.Values.Any(v => v.Connected);

    // Enrolled directors whose agent is connected and has reported a table.
    private List<AgentView> Reporting =>
        [.. _directors.Select(View).Where(v => v is { Connected: true, Status: not null }).Select(v => v!)];

    // Until redundancy arrives every running director serves alone, so a connected, running one is active.
    private (string Text, BadgeStyle Style) Role(DirectorStore.Director director) => View(director) switch
    {
        null or { Connected: false } => ("unreachable", BadgeStyle.Light),
        { Status.Running: false } => ("stopped", BadgeStyle.Warning),
        _ => ("active", BadgeStyle.Success),
    };

    private async Task LoadAsync()
    {
        _directors = await Store.ListAsync(CancellationToken.None);
        _cluster = await Store.GetClusterAsync(CancellationToken.None);
        _latestSerial = await Configs.GetLatestSerialAsync(CancellationToken.None);
        _updatedAt = Time.GetUtcNow();
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
        await Store.SetClusterAsync(running, await AuthorAsync(), CancellationToken.None);
        Notifier.Notify(ChangeKind.Cluster);
        await RefreshAsync();
    }

    private async Task SetDirectorAsync(DirectorStore.Director director, bool running)
    {
        await Store.SetDesiredRunningAsync(director.Name, running, CancellationToken.None);
        Notifier.Notify(ChangeKind.Cluster);
        await RefreshAsync();
    }

    /// <inheritdoc />
    protected override void OnDispose() => _timer?.Dispose();
}
