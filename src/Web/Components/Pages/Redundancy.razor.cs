using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>
/// Piranha's REDUNDANCY page: enable, disable or reset the backup director, heartbeat settings, auto-failback, and a
/// cluster's directors, failover groups, quorum and timings.
/// </summary>
public partial class Redundancy
{
    private RedundancyConfig _redundancy = new();

    /// <inheritdoc />
    protected override void OnViewLoaded(bool firstLoad)
    {
        if (firstLoad)
        {
            Revert();
        }
    }

    private void Revert()
    {
        _redundancy = View!.Config.Redundancy;
        Errors = [];
    }

    private void Edit(RedundancyConfig redundancy)
    {
        _redundancy = redundancy;
        Check(Apply);
    }

    private LvsConfig Apply(LvsConfig config) => config with { Redundancy = _redundancy };

    private Task SaveAsync() => SaveAsync(Apply, "Redundancy settings saved");
}
