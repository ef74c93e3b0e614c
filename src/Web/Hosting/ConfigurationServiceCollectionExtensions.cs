using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Configuration;

namespace PiranhaNet.Web.Hosting;

/// <summary>Registration of the configuration's services: versions, validation, the draft, and the signals of change.</summary>
public static class ConfigurationServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ConfigService"/>, the draft, validation (with what each director's dataplane can carry out), the
    /// pages' change notifier and the saved-version signal.
    /// </summary>
    public static IServiceCollection AddPiranhaConfiguration(this IServiceCollection services)
    {
        // A configuration must be one every director can carry out on the dataplane it runs.
        services.AddSingleton<Agents.DirectorDataplanes>();
        services.AddSingleton<Core.Dataplanes.IDirectorDataplanes>(provider => provider.GetRequiredService<Agents.DirectorDataplanes>());
        services.AddSingleton<IConfigValidator>(provider => ConfigValidator.ForDirectors(provider.GetRequiredService<Core.Dataplanes.IDirectorDataplanes>()));
        services.AddSingleton<Services.ChangeNotifier>();
        services.AddSingleton<SavedVersions>();
        services.AddTransient<ConfigService>();
        services.AddTransient<Services.DraftService>();
        services.AddScoped<Services.SignedInDraft>();
        return services;
    }
}
