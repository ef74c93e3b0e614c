using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Hosting;
using PiranhaNet.Web.Security;
using PiranhaNet.Web.Services;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Components.Tests.Shared;

/// <summary>
/// A bUnit context with the dashboard's real services on a temporary SQLite file (the store has its own
/// tests), MudBlazor's services, loose JS interop for MudBlazor's scripts, and the administrator signed in.
/// </summary>
public abstract class DashboardComponentTest : BunitContext, IAsyncLifetime
{
    // bUnit's one second is too short on 2 busy cores: its waits block test threads, and a live page's batches are
    // delivered on the pool they share (seen: a monitor page's batch not rendered within 1 s while the suite ran).
    // A wait whose condition never holds still fails, only later.
    static DashboardComponentTest() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected DashboardComponentTest()
    {
        var directory = new TempDirectory();
        Services.AddSingleton(directory);
        JSInterop.Mode = JSRuntimeMode.Loose;
        // MudBlazor's axis charts draw their lines once the browser has measured the axis labels (loose interop
        // answers null, and a chart without a measure draws its grid only): answer as a browser would.
        JSInterop.Setup<MudBlazor.Interop.ElementSize>("mudGetSvgBBox", _ => true).SetResult(new() { Width = 30, Height = 14 });
        Services.AddLogging();
        // Migrated through its own handle: resolving a service here would freeze bUnit's container.
        new MigrationRunner(new SqliteDatabase(directory.File("components.db"))).MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        Services.AddPiranhaStore(directory.File("components.db"));
        Services.AddPiranhaConfiguration();
        Services.AddPiranhaAgentChannel();
        Services.AddSingleton(new WebOptions { DataDirectory = directory.Path });
        Services.AddSingleton(new PasswordHasher(1_000));
        Services.AddSingleton<LoginThrottle>();
        Services.AddSingleton<AdminAccounts>();
        Services.AddPiranhaFeedback();
        AddAuthorization().SetAuthorized("piranha");
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's popover service can only be disposed asynchronously; xUnit disposes synchronously after this.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    protected ConfigService Configs => Services.GetRequiredService<ConfigService>();

    protected DraftService Drafts => Services.GetRequiredService<DraftService>();

    /// <summary>Stores <paramref name="config"/> as the next version.</summary>
    protected Task SeedAsync(LvsConfig config) => Configs.ReplaceAsync(config, null, "seed", CancellationToken.None);

    /// <summary>The latest version's number, for use inside bUnit's synchronous WaitForAssertion.</summary>
    protected int LatestSerial() => Configs.GetLatestAsync(CancellationToken.None).GetAwaiter().GetResult().Info.Serial;

    /// <summary>The draft, for use inside bUnit's synchronous WaitForAssertion.</summary>
    protected DraftView Draft() => Drafts.GetAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The draft as the pages see it.</summary>
    protected Task<DraftView> DraftAsync() => Drafts.GetAsync(CancellationToken.None);

    /// <summary>
    /// Answers the next confirmation by pressing its button labelled <paramref name="button"/>, as an operator would
    /// (the question shows in MudBlazor's dialog provider, rendered here); completes when it was pressed.
    /// </summary>
    protected Task AnswerNextDialog(string button)
    {
        var provider = Render<MudBlazor.MudDialogProvider>();
        var pressed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            for (var deadline = DateTime.UtcNow + DefaultWaitTimeout; DateTime.UtcNow < deadline && !pressed.Task.IsCompleted; await Task.Delay(20))
            {
                await provider.InvokeAsync(() =>
                {
                    if (provider.FindAll("[role=dialog] button").FirstOrDefault(b => b.TextContent.Trim() == button) is { } target)
                    {
                        // Completed before the press: the page's handler goes on from the press itself.
                        pressed.TrySetResult();
                        target.Click();
                    }
                });
            }
            pressed.TrySetException(new TimeoutException($"no confirmation with a button '{button}' was shown within {DefaultWaitTimeout}: {provider.Markup}"));
        });
        return pressed.Task;
    }

    /// <summary>The text of every notice shown so far ("summary: detail").</summary>
    protected IReadOnlyList<string> NotificationTexts() =>
        [.. Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "")];

    /// <summary>A valid direct-routing cluster with one virtual server "web"; its real server r2 has weight 3.</summary>
    protected static LvsConfig Web
    {
        get
        {
            var web = SampleConfigs.Web();
            return SampleConfigs.Direct(web with
            {
                VipNetmask = "255.255.255.0",
                RealServers = [web.RealServers[0], web.RealServers[1] with { Weight = 3 }],
            });
        }
    }
}
