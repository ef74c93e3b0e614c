using MudBlazor.Services;
using PiranhaNet.Web.Components.Feedback;

namespace PiranhaNet.Web.Hosting;

/// <summary>Registration of the component library and of the notices and confirmations the pages use through them.</summary>
public static class FeedbackServiceCollectionExtensions
{
    /// <summary>
    /// Adds MudBlazor's services, and <see cref="INotices"/> and
    /// <see cref="IConfirmations"/> over MudBlazor's snackbar and message box, per circuit.
    /// </summary>
    public static IServiceCollection AddPiranhaFeedback(this IServiceCollection services)
    {
        // Notices at the bottom right, three at most: at the top they covered the header's pending-changes badge.
        services.AddMudServices(mud =>
        {
            mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            mud.SnackbarConfiguration.MaxDisplayedSnackbars = 3;
        });
        services.AddScoped<INotices, MudNotices>();
        services.AddScoped<IConfirmations, MudConfirmations>();
        return services;
    }
}
