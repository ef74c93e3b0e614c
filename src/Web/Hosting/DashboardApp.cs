using PiranhaNet.Core.Json;
using PiranhaNet.Web.Api;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Hosting;

/// <summary>Builds and starts the dashboard web application.</summary>
public static class DashboardApp
{
    /// <summary>Builds the application for <paramref name="options"/>; call <see cref="StartAsync"/> or <see cref="RunAsync"/>.</summary>
    public static WebApplication Build(WebOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Urls);
        builder.Services.AddSingleton(options);
        builder.Services.AddPiranhaStore(options.DatabasePath);
        builder.Services.ConfigureHttpJsonOptions(json => PiranhaJson.Configure(json.SerializerOptions));
        // Body binding errors throw, so ApiExceptionHandler can answer with the JSON path that was wrong.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddOpenApi();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapPiranhaApi();
        return app;
    }

    /// <summary>Migrates the database, then starts listening; returns when the server is up.</summary>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.Services.GetRequiredService<MigrationRunner>().MigrateAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
    }

    /// <summary>Migrates the database and serves until the process is stopped.</summary>
    public static async Task RunAsync(WebOptions options)
    {
        await using var app = Build(options);
        await StartAsync(app);
        await app.WaitForShutdownAsync();
    }
}
