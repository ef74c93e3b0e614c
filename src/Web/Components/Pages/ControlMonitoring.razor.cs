using Microsoft.AspNetCore.Components;
using PiranhaNet.Web.Configuration;
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

    private IReadOnlyList<DirectorStore.Director> _directors = [];
    private DirectorStore.ClusterControl _cluster = new(true, "", null);
    private int _latestSerial;
    private int _interval = MinimumInterval;
    private bool _paused;
    private DateTimeOffset _updatedAt;
    private Timer? _timer;

    /// <summary>Directors and Start/Stop state.</summary>
    [Inject] public required DirectorStore Store { get; init; }

    /// <summary>The latest version.</summary>
    [Inject] public required ConfigService Configs { get; init; }

    /// <summary>When the page was last updated.</summary>
    [Inject] public required TimeProvider Time { get; init; }

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        Follow(() => _paused ? Task.CompletedTask : LoadAsync());
        _timer = new Timer(_ => { if (!_paused) { _ = InvokeAsync(RefreshAsync); } }, null, TimeSpan.FromSeconds(_interval), TimeSpan.FromSeconds(_interval));
    }

    private async Task LoadAsync()
    {
        _directors = await Store.ListAsync(CancellationToken.None);
        _cluster = await Store.GetClusterAsync(CancellationToken.None);
        _latestSerial = (await Configs.GetLatestAsync(CancellationToken.None)).Info.Serial;
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
