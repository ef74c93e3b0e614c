using Microsoft.AspNetCore.Components;
using PiranhaNet.Core.Editing;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Components.Feedback;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>The VIRTUAL SERVERS table: search, sort, add, edit, (de)activate and delete with confirmation.</summary>
public partial class VirtualServers
{
    private static readonly int[] s_pageSizes = [25, 50, 100, 500];
    private string _search = "";

    /// <summary>Navigation to the edit page.</summary>
    [Inject] public required NavigationManager Navigation { get; init; }

    private IEnumerable<VirtualServerConfig> Rows => View!.Config.VirtualServers.Where(Matches);

    private bool Matches(VirtualServerConfig vs) =>
        string.IsNullOrWhiteSpace(_search)
        || new[] { vs.Name, vs.Address, vs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), vs.Scheduler, vs.Device ?? "" }
            .Any(text => text.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase));

    private static string EditLink(VirtualServerConfig vs) => $"virtual-servers/{Uri.EscapeDataString(vs.Name)}";

    private Task ToggleAsync(VirtualServerConfig vs) =>
        SaveAsync(c => c.UpdateVirtualServer(vs.Name, v => v with { Active = !vs.Active }), $"Virtual server {vs.Name} {(vs.Active ? "deactivated" : "activated")}");

    private async Task DeleteAsync(VirtualServerConfig vs)
    {
        var confirmed = await Confirmations.AskAsync(new Confirmation("Delete virtual server", $"Delete virtual server '{vs.Name}' ({vs.Address}:{vs.Port}) and its {vs.RealServers.Count} real server(s)?", "Delete"));
        if (confirmed)
        {
            await SaveAsync(c => c.RemoveVirtualServer(vs.Name), $"Virtual server {vs.Name} deleted");
        }
    }
}
