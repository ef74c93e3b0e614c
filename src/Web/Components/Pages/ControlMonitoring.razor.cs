using Microsoft.AspNetCore.Components;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Components.Controls;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Services;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>
/// Piranha's CONTROL/MONITORING page: the cluster's and each director's Start/Stop, the directors' state and routing
/// tables. The directors' reports arrive as they happen (at most four renders a second), and only the directors that
/// reported are formatted again; the store is read again only when a version was saved or Start/Stop changed.
/// Pausing freezes what is shown; resuming shows the directors as they are then. For estates of hundreds the list is
/// paged and filtered by name and state, and above a few reporting directors one routing table is shown at a time, of
/// the director chosen, so that only that one is formatted as reports come.
/// </summary>
public partial class ControlMonitoring
{
    // Up to this many reporting directors, every one's routing table is shown; above, the chosen director's.
    private const int EveryTableUpTo = 4;

    private static readonly Choices.Choice<RoutingTableView>[] s_views =
        [new(RoutingTableView.Connections, "Connections"), new(RoutingTableView.Stats, "Stats"), new(RoutingTableView.Rates, "Rates")];

    private IReadOnlyList<DirectorStore.Director> _directors = [];
    private RoutingTableView _view = RoutingTableView.Connections;
    private DirectorStore.ClusterControl _cluster = new(true, "", null);
    private int _latestSerial;
    private bool _paused;
    // The directors that reported while paused, for the page to say so.
    private readonly HashSet<string> _heldBack = new(StringComparer.Ordinal);
    private DateTimeOffset _updatedAt;
    // What is shown: the directors' views as of the last update, each reporting director's table text and charts.
    private IReadOnlyDictionary<string, AgentView> _views = new Dictionary<string, AgentView>();
    private readonly Dictionary<string, string> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<RateHistory.ServiceRates>> _rates = new(StringComparer.Ordinal);
    private List<AgentView> _reporting = [];
    private DirectorFilter _filter = DirectorFilter.Everything;
    // The directors the filter lets through, in the store's order.
    private List<DirectorStore.Director> _shown = [];
    // With more reporting directors than EveryTableUpTo: those to choose from, and the one chosen (null: the first).
    private List<Choices.Choice<string>> _tableChoices = [];
    private string? _tableDirector;
    private DirectorPair _pair = new([], [], []);

    /// <summary>Directors and Start/Stop state.</summary>
    [Inject] public required DirectorStore Store { get; init; }

    /// <summary>Start/Stop, which tells the agents.</summary>
    [Inject] public required DirectorControl Control { get; init; }

    /// <summary>The last 15 minutes of each director's service rates, for the charts.</summary>
    [Inject] public required RateHistory Rates { get; init; }

    /// <summary>The latest version.</summary>
    [Inject] public required ConfigService Configs { get; init; }

    /// <summary>The routing table's columns.</summary>
    private RoutingTableView View
    {
        get => _view;
        set
        {
            _view = value;
            Show(_views, _views.Keys);
        }
    }

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        // What the directors reported so far, for the prerendered page too (which follows nothing).
        ShowAll();
        Follow(async () => { await LoadAsync(); Show(_views, []); }, ChangeKind.Configuration, ChangeKind.Cluster);
        FollowDirectors((views, changed) =>
        {
            if (_paused)
            {
                _heldBack.UnionWith(changed);
            }
            else
            {
                Show(views, changed);
            }
        });
    }

    private AgentView? ViewOf(DirectorStore.Director director) => _views.GetValueOrDefault(director.Name);

    private bool AnyConnected => _views.Values.Any(v => v.Connected);

    // Formats again only the shown tables whose director's view changed; the rest keep their text and charts.
    private void Show(IReadOnlyDictionary<string, AgentView> views, IEnumerable<string> changed)
    {
        _views = new Dictionary<string, AgentView>(views, StringComparer.Ordinal);
        _shown = [.. _directors.Where(d => _filter.Matches(d, ViewOf(d), _latestSerial))];
        var reporting = _shown.Select(ViewOf).Where(v => v is { Connected: true, Status: not null }).Select(v => v!).ToList();
        _tableChoices = reporting.Count > EveryTableUpTo ? [.. reporting.Select(v => new Choices.Choice<string>(v.Name, v.Name))] : [];
        _reporting = reporting.Count > EveryTableUpTo
            ? [reporting.FirstOrDefault(v => v.Name == _tableDirector) ?? reporting[0]]
            : reporting;
        var stale = changed.ToHashSet(StringComparer.Ordinal);
        foreach (var hidden in _tables.Keys.Where(name => _reporting.All(v => v.Name != name)).ToList())
        {
            _tables.Remove(hidden);
            _rates.Remove(hidden);
        }
        foreach (var view in _reporting.Where(v => stale.Contains(v.Name) || !_tables.ContainsKey(v.Name)))
        {
            _tables[view.Name] = RoutingTableText.Format(view.Status!.Services, _view);
            _rates[view.Name] = Rates.For(view.Name);
        }
        // The key's fingerprint is compared on the Redundancy page; here only roles, states and split brain matter.
        _pair = DirectorPair.From(_views.Values, keyFingerprint: null, failovers: []);
        _updatedAt = Time.GetUtcNow();
    }

    private void Filter(DirectorFilter filter)
    {
        _filter = filter;
        Show(_views, []);
    }

    private void ShowTableOf(string? director)
    {
        _tableDirector = director;
        Show(_views, []);
    }

    private string Summary => DirectorFilter.Summary(_directors, _views, _latestSerial);

    // The role and state the director reports; agents before redundancy (protocol 2) serve alone, so a running one is active.
    private (string Text, Tone Tone) Role(DirectorStore.Director director) => ViewOf(director) switch
    {
        null or { Connected: false } => ("unreachable", Tone.Neutral),
        { Status.Running: false } => ("stopped", Tone.Warning),
        // A director without a role (it holds neither configured address) shows its state alone.
        { Status.Redundancy: { } r } => ((r.Role is { } role ? $"{role.ToString().ToLowerInvariant()} · " : "") + r.State.ToString().ToLowerInvariant(),
            Controls.DirectorPairPanel.ToneOf(r.State)),
        _ => ("active", Tone.Good),
    };

    private async Task LoadAsync()
    {
        _directors = await Store.ListAsync(CancellationToken.None);
        _cluster = await Store.GetClusterAsync(CancellationToken.None);
        _latestSerial = await Configs.GetLatestSerialAsync(CancellationToken.None);
    }

    // Update now, and resuming after a pause: the store and every director as they are now.
    private async Task RefreshAsync()
    {
        await LoadAsync();
        ShowAll();
    }

    // Every director's view as it is now: one snapshot of the registry, formatted whole.
    private void ShowAll()
    {
        var views = Agents.Views;
        Show(views, views.Keys);
    }

    private async Task SetPausedAsync(bool paused)
    {
        _paused = paused;
        _heldBack.Clear();
        if (!paused)
        {
            await RefreshAsync();
        }
    }

    private string UpdateText => (_paused ? "Paused" : "Live") + $"; updated {_updatedAt.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)} UTC" +
        (_heldBack.Count == 0 ? "" : $"; {_heldBack.Count} director{(_heldBack.Count == 1 ? "" : "s")} reported since");

    private Task SetClusterAsync(bool running) =>
        ActAsync(Roles.Operator, running ? AuditActions.StartCluster : AuditActions.StopCluster, "every director", async actor =>
        {
            await Control.SetClusterRunningAsync(running, actor.Name, CancellationToken.None);
            await RefreshAsync();
            return ActionResult.Done();
        });

    private Task SetDirectorAsync(DirectorStore.Director director, bool running) =>
        ActAsync(Roles.Operator, running ? AuditActions.StartDirector : AuditActions.StopDirector, director.Name, async _ =>
        {
            await Control.SetDirectorRunningAsync(director.Name, running, CancellationToken.None);
            await RefreshAsync();
            return ActionResult.Done();
        });
}
