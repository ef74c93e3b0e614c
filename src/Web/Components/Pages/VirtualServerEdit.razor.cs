using Microsoft.AspNetCore.Components;
using PiranhaNet.Core.Editing;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Scheduling;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>Piranha's VIRTUAL SERVER | REAL SERVER | MONITORING SCRIPTS sub-pages for one virtual server.</summary>
public partial class VirtualServerEdit
{
    private VirtualServerConfig _vs = new() { Name = "" };
    private bool _missing;
    private int _tab;

    /// <summary>The virtual server's name from the route; null on <c>/virtual-servers/new</c>.</summary>
    [Parameter] public string? Name { get; set; }

    /// <summary>Navigation after a save renames or creates the server.</summary>
    [Inject] public required NavigationManager Navigation { get; init; }

    /// <summary>The directors' dataplanes: a new server starts with a scheduler all of them carry out.</summary>
    [Inject] public required Core.Dataplanes.IDirectorDataplanes Dataplanes { get; init; }

    private bool IsNew => Name is null;

    private string PathPrefix => ConfigPaths.VirtualServer(_vs.Name);

    private IEnumerable<string> SchedulerFlags => SchedulerCatalog.Find(_vs.Scheduler)?.Flags.Keys.Order() ?? Enumerable.Empty<string>();

    // The stored (draft) version of this server, whose real servers the grid edits directly.
    private VirtualServerConfig CurrentStored => View!.Config.VirtualServers.FirstOrDefault(v => v.Name == Name) ?? _vs;

    // A new server starts active, unlike Piranha's GUI: whoever adds one in the dashboard wants it to serve. Its
    // scheduler is Piranha's wlc, or wrr when a director runs nftables, which has no connection counts for wlc.
    private VirtualServerConfig NewVirtualServer() => new()
    {
        Name = "",
        Active = true,
        Scheduler = Dataplanes.Known.Any(d => d.Dataplane == Core.Dataplanes.DataplaneNames.Nftables)
            ? SchedulerNames.WeightedRoundRobin
            : SchedulerNames.WeightedLeastConnection,
    };

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        if (View is not null)
        {
            Load();
        }
    }

    /// <inheritdoc />
    protected override void OnViewLoaded(bool firstLoad)
    {
        if (firstLoad)
        {
            Load();
        }
    }

    private void Load()
    {
        var stored = Name is null ? null : View!.Config.VirtualServers.FirstOrDefault(v => v.Name == Name);
        _missing = Name is not null && stored is null;
        _vs = stored ?? NewVirtualServer();
        Errors = [];
    }

    private void Edit(VirtualServerConfig vs)
    {
        _vs = vs;
        Check(Apply);
    }

    private void ChangeScheduler(string scheduler)
    {
        // Flags of the previous scheduler mean nothing to the new one: drop them rather than fail validation.
        var valid = SchedulerCatalog.Find(scheduler)?.Flags ?? new Dictionary<string, uint>();
        Edit(_vs with { Scheduler = scheduler, SchedulerFlags = _vs.SchedulerFlags.Where(valid.ContainsKey).ToEquatableArray() });
    }

    private void ToggleFlag(string flag, bool on) =>
        Edit(_vs with { SchedulerFlags = (on ? _vs.SchedulerFlags.Append(flag).Distinct() : _vs.SchedulerFlags.Where(f => f != flag)).ToEquatableArray() });

    private LvsConfig Apply(LvsConfig config) => Name is null ? config.AddVirtualServer(_vs) : config.ReplaceVirtualServer(Name, _vs with { RealServers = CurrentStored.RealServers });

    private async Task SaveAsync()
    {
        if (await SaveAsync(Apply, $"Virtual server {_vs.Name} saved") && _vs.Name != Name)
        {
            Navigation.NavigateTo($"virtual-servers/{Uri.EscapeDataString(_vs.Name)}");
        }
    }

    private Task SaveRealServersAsync((Func<LvsConfig, LvsConfig> Change, string Message) edit) => SaveAsync(edit.Change, edit.Message);

    private IReadOnlyList<ValidationError> CheckRealServers(Func<LvsConfig, LvsConfig> change) =>
        View is null ? [] : Services.DraftService.Check(View, change, Validator);
}
