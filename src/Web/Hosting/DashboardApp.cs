using PiranhaNet.Core.Json;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Api;
using PiranhaNet.Web.Components;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Metrics;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Hosting;

/// <summary>Builds and starts the dashboard web application: the Blazor UI, the JSON API and sign-in.</summary>
public static class DashboardApp
{
    /// <summary>
    /// Builds the application for <paramref name="options"/>; call <see cref="StartAsync"/> or <see cref="RunAsync"/>.
    /// <paramref name="configure"/> lets a host (or a test) add services, e.g. a log sink, before the build.
    /// </summary>
    public static WebApplication Build(WebOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Named after this assembly even when another process hosts it (tests): the static web assets
            // manifest (piranhanet.staticwebassets.runtime.json) is found by this name.
            ApplicationName = typeof(DashboardApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            // The repository's top-level wwwroot is copied here by the build (see the project file).
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.WebHost.UseUrls(options.Urls);
        // Under systemd (deploy/systemd/piranhanet.service): readiness and stopping notifications, and the journal's log format.
        builder.Services.AddSystemd();
        // Static web assets are found through the build's manifest in every environment, not only in Development,
        // so `dotnet run` and the built DLL serve them alike.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddSingleton(options);
        builder.Services.AddPiranhaStore(options.StoreLocation);
        builder.Services.AddPiranhaConfiguration();
        builder.Services.AddPiranhaAgentChannel();
        if (options.StoreLocation is Data.StoreLocation.Postgres)
        {
            // Several dashboards may share this store: each hears the others' changes.
            builder.Services.AddSingleton<Services.RemoteChanges>();
            builder.Services.AddHostedService<Data.Postgres.PostgresChangeFeed>();
            // ... and shows the directors connected to the others.
            builder.Services.AddSingleton<Data.Postgres.DirectorViewStore>();
            builder.Services.AddHostedService<Data.Postgres.SharedDirectorViews>();
        }
        builder.Services.AddSingleton<DashboardMetrics>();
        builder.Services.AddPiranhaSecurity(options.PasswordIterations);
        builder.Services.AddAntiforgery();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddPiranhaFeedback();
        builder.Services.ConfigureHttpJsonOptions(json => PiranhaJson.Configure(json.SerializerOptions));
        // Body binding errors throw, so ApiExceptionHandler can answer with the JSON path that was wrong.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddOpenApi(options => options.AddPiranhaConventions());
        if (options.LocalAgent)
        {
            builder.Services.AddHostedService<LocalAgentService>();
        }
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseApiRequestCounting();
        app.UseExceptionHandler();
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute("/not-found"));
        // The dashboard's own files (copied from the repository's top-level wwwroot) before routing: in Development,
        // MapStaticAssets adds a catch-all for files outside its manifest that would otherwise take these requests.
        app.UseStaticFiles();
        app.UseRouting();
        // The framework's and the packages' assets (blazor.web.js, MudBlazor's CSS and JS), compressed and fingerprinted
        // by the build; served before sign-in, as the sign-in page needs them.
        app.MapStaticAssets().AllowAnonymous();
        // Pings every 10 s, answered within 15 s or the connection is given up: an agent (or a browser) cut off without a
        // close shows as disconnected within half a minute rather than when TCP gives up. The agent channel keeps a
        // receive pending while it handles a message (AgentChannelEndpoint), so the answers are read.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(10), KeepAliveTimeout = TimeSpan.FromSeconds(15) });
        app.UseMiddleware<SetupRedirectMiddleware>();
        app.UseAuthentication();
        app.UseApiAudit();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapAccountEndpoints();
        app.MapOpenApi();
        app.MapPiranhaApi();
        app.MapPiranhaMetrics();
        app.MapAgentChannel();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>Migrates the database, then starts listening; returns when the server is up.</summary>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.Services.GetRequiredService<IStoreMigrations>().MigrateAsync(cancellationToken);
        await app.Services.GetRequiredService<Agents.DirectorDataplanes>().LoadAsync(cancellationToken);
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
