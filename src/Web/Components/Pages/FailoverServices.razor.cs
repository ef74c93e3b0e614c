using PiranhaNet.Core.Editing;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Components.Feedback;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>Piranha's FAILOVER page (service = fos): list, (de)activate and delete failover services.</summary>
public partial class FailoverServices
{
    private Task ToggleAsync(FailoverServiceConfig service) =>
        SaveAsync(c => c.UpdateFailoverService(service.Name, s => s with { Active = !s.Active }),
            $"Failover service {service.Name} {(service.Active ? "deactivated" : "activated")}");

    private async Task DeleteAsync(FailoverServiceConfig service)
    {
        var confirmed = await Confirmations.AskAsync(new Confirmation("Delete failover service", $"Delete failover service '{service.Name}'?", "Delete"));
        if (confirmed)
        {
            await SaveAsync(c => c.RemoveFailoverService(service.Name), $"Failover service {service.Name} deleted");
        }
    }
}
