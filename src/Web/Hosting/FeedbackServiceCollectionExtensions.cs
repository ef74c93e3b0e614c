using PiranhaNet.Web.Components.Feedback;
using Radzen;

namespace PiranhaNet.Web.Hosting;

/// <summary>Registration of the component library and of the notices and confirmations the pages use through it.</summary>
public static class FeedbackServiceCollectionExtensions
{
    /// <summary>Adds the component library's services and <see cref="INotices"/> and <see cref="IConfirmations"/> over them, per circuit.</summary>
    public static IServiceCollection AddPiranhaFeedback(this IServiceCollection services)
    {
        services.AddRadzenComponents();
        services.AddScoped<INotices, RadzenNotices>();
        services.AddScoped<IConfirmations, RadzenConfirmations>();
        return services;
    }
}
