using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>Piranha's GLOBAL SETTINGS page plus connection timeouts and the sync daemon.</summary>
public partial class GlobalSettings
{
    private GlobalSettingsConfig _global = new();
    private ServiceKind _service;

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
        _global = View!.Config.Global;
        _service = View.Config.Service;
        Errors = [];
    }

    private void Edit(ServiceKind service, GlobalSettingsConfig global)
    {
        (_service, _global) = (service, global);
        Check(Apply);
    }

    private LvsConfig Apply(LvsConfig config) => config with { Service = _service, Global = _global };

    private Task SaveAsync() => SaveAsync(Apply, "Global settings saved");
}
