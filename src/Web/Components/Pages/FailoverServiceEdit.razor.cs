using Microsoft.AspNetCore.Components;
using PiranhaNet.Core.Editing;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>Edits one failover service: address, commands, timers and its check.</summary>
public partial class FailoverServiceEdit
{
    private FailoverServiceConfig _service = new() { Name = "", Active = true };

    /// <summary>The service's name from the route; null on <c>/failover-services/new</c>.</summary>
    [Parameter] public string? Name { get; set; }

    /// <summary>Navigation after a save renames or creates the service.</summary>
    [Inject] public required NavigationManager Navigation { get; init; }

    private string PathPrefix => ConfigPaths.FailoverService(_service.Name);

    /// <inheritdoc />
    protected override void OnViewLoaded(bool firstLoad)
    {
        if (firstLoad && Name is not null)
        {
            _service = View!.Config.FailoverServices.FirstOrDefault(f => f.Name == Name) ?? _service with { Name = Name };
        }
    }

    private void Edit(FailoverServiceConfig service)
    {
        _service = service;
        Check(Apply);
    }

    private LvsConfig Apply(LvsConfig config) =>
        Name is null ? config.AddFailoverService(_service) : config.ReplaceFailoverService(Name, _service);

    private async Task SaveAsync()
    {
        if (await SaveAsync(Apply, $"Failover service {_service.Name} saved") && _service.Name != Name)
        {
            Navigation.NavigateTo($"failover-services/{Uri.EscapeDataString(_service.Name)}");
        }
    }
}
