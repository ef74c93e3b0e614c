using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Console;

namespace PiranhaNet.Agent.Hosting;

/// <summary>
/// The agent as a .NET Generic Host: <see cref="AgentServiceCollectionExtensions.AddPiranhaAgent"/> for its services,
/// the console log in one line per event (or the journal's format when run by systemd, which also gets readiness and
/// stopping notifications), and a graceful stop on SIGTERM.
/// </summary>
public static class AgentHost
{
    /// <summary>The builder of a standalone agent process with <paramref name="options"/>.</summary>
    public static HostApplicationBuilder CreateBuilder(AgentOptions options)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        // The host's own lines ("Application started") say nothing an operator needs.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        if (!SystemdHelpers.IsSystemdService())
        {
            builder.Logging.AddConsoleFormatter<AgentConsoleFormatter, ConsoleFormatterOptions>();
            builder.Services.Configure<ConsoleLoggerOptions>(console => console.FormatterName = AgentConsoleFormatter.FormatterName);
            builder.Services.AddSingleton(new AgentConsoleFormatter.Director(options.Name));
        }
        builder.Services.AddSystemd();
        builder.Services.AddPiranhaAgent(options);
        return builder;
    }

    /// <summary>
    /// Services of an agent that lives inside another process (the dashboard's local agent): its log goes to
    /// <paramref name="loggers"/> and it neither listens for signals nor prints the host's lines; its owner stops it.
    /// </summary>
    public static IHost BuildEmbedded(AgentOptions options, ILoggerFactory loggers) => BuildEmbedded(options, loggers, _ => { });

    /// <summary>
    /// Like <see cref="BuildEmbedded(AgentOptions, ILoggerFactory)"/>, with <paramref name="replace"/> changing services
    /// after the agent's registration: for tests and benchmarks (a given dataplane, a fake clock).
    /// </summary>
    internal static IHost BuildEmbedded(AgentOptions options, ILoggerFactory loggers, Action<IServiceCollection> replace)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.Replace(ServiceDescriptor.Singleton(loggers));
        builder.Services.Replace(ServiceDescriptor.Singleton<IHostLifetime, EmbeddedLifetime>());
        builder.Services.AddPiranhaAgent(options);
        replace(builder.Services);
        return builder.Build();
    }

    // The owner decides when the agent starts and stops; nothing here waits for a signal.
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
