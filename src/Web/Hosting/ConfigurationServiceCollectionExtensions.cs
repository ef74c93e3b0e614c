using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Configuration;

namespace PiranhaNet.Web.Hosting;

/// <summary>Registration of the configuration's services: versions, validation, the draft, and the signals of change.</summary>
public static class ConfigurationServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ConfigService"/>, the draft, validation, the pages' change notifier and the saved-version signal.</summary>
    public static IServiceCollection AddPiranhaConfiguration(this IServiceCollection services)
    {
        services.AddSingleton<IConfigValidator>(ConfigValidator.Default);
        services.AddSingleton<Services.ChangeNotifier>();
        services.AddSingleton<SavedVersions>();
        services.AddTransient<ConfigService>();
        services.AddTransient<Services.DraftService>();
        return services;
    }
}
