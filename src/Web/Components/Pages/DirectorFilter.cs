using System.Globalization;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>Which directors the Control / Monitoring page lists: by state.</summary>
public enum DirectorFilterState
{
    /// <summary>Every enrolled director.</summary>
    All,

    /// <summary>Its agent is connected (here or, with a shared store, to another dashboard).</summary>
    Connected,

    /// <summary>Its agent is not connected.</summary>
    Unreachable,

    /// <summary>Connected but not running the latest version.</summary>
    Behind,

    /// <summary>Its last version failed.</summary>
    Failing,
}

/// <summary>
/// The Control / Monitoring page's choice of directors, for estates of hundreds: a part of the name and a state. Also
/// the counts the page shows above the list, so that what needs attention is visible before any filter is chosen.
/// </summary>
/// <param name="Name">A part of the director's name (any case), or null for any.</param>
/// <param name="State">Which state.</param>
public sealed record DirectorFilter(string? Name, DirectorFilterState State)
{
    /// <summary>Every director.</summary>
    public static DirectorFilter Everything { get; } = new(null, DirectorFilterState.All);

    /// <summary>The state filter's choices.</summary>
    public static IReadOnlyList<Choices.Choice<DirectorFilterState>> States { get; } =
    [
        new(DirectorFilterState.All, "all"), new(DirectorFilterState.Connected, "connected"), new(DirectorFilterState.Unreachable, "unreachable"),
        new(DirectorFilterState.Behind, "behind the latest version"), new(DirectorFilterState.Failing, "last version failed"),
    ];

    /// <summary>True when <paramref name="director"/>, as <paramref name="view"/> has it, is one to list.</summary>
    public bool Matches(DirectorStore.Director director, AgentView? view, int latestVersion) =>
        (Name is null || director.Name.Contains(Name, StringComparison.OrdinalIgnoreCase)) && State switch
        {
            DirectorFilterState.Connected => view is { Connected: true },
            DirectorFilterState.Unreachable => view is not { Connected: true },
            DirectorFilterState.Behind => view is { Connected: true } && view.AppliedVersion != latestVersion,
            DirectorFilterState.Failing => view?.LastError is not null,
            _ => true,
        };

    /// <summary>"500 enrolled · 498 connected · 497 at version 12 · 1 failing": the whole estate, whatever the filter.</summary>
    public static string Summary(IReadOnlyList<DirectorStore.Director> directors, IReadOnlyDictionary<string, AgentView> views, int latestVersion)
    {
        var known = directors.Select(d => views.GetValueOrDefault(d.Name)).ToList();
        var connected = known.Count(v => v is { Connected: true });
        var current = known.Count(v => v is { Connected: true } && v.AppliedVersion == latestVersion);
        var failing = known.Count(v => v?.LastError is not null);
        return string.Create(CultureInfo.InvariantCulture,
            $"{directors.Count} enrolled · {connected} connected · {current} at version {latestVersion}{(failing > 0 ? $" · {failing} failing" : "")}");
    }
}
