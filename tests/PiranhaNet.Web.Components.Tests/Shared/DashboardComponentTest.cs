using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Hosting;
using PiranhaNet.Web.Security;
using PiranhaNet.Web.Services;
using PiranhaNet.Web.Testing;
using Radzen;

namespace PiranhaNet.Web.Components.Tests.Shared;

/// <summary>
/// A bUnit context with the dashboard's real services on a temporary SQLite file (the store has its own
/// tests), Radzen's services, loose JS interop for Radzen's scripts, and the administrator signed in.
/// </summary>
public abstract class DashboardComponentTest : BunitContext
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
        // Loose interop answers null, and a chart reads its size from the answer: without a size, the rate charts
        // throw from their first render whenever a page shows them (a director whose rates have two points).
        var chartSize = new Radzen.Blazor.Rendering.Rect { Left = 0, Top = 0, Width = 600, Height = 200 };
        JSInterop.Setup<Radzen.Blazor.Rendering.Rect>("Radzen.createChart", _ => true).SetResult(chartSize);
        JSInterop.Setup<Radzen.Blazor.Rendering.Rect>("Radzen.createResizable", _ => true).SetResult(chartSize);
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
        Services.AddRadzenCookieThemeService();
        AddAuthorization().SetAuthorized("piranha");
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected ConfigService Configs => Services.GetRequiredService<ConfigService>();

    protected DraftService Drafts => Services.GetRequiredService<DraftService>();

    protected DialogService Dialogs => Services.GetRequiredService<DialogService>();

    /// <summary>Stores <paramref name="config"/> as the next version.</summary>
    protected Task SeedAsync(LvsConfig config) => Configs.ReplaceAsync(config, null, "seed", CancellationToken.None);

    /// <summary>The latest version's number, for use inside bUnit's synchronous WaitForAssertion.</summary>
    protected int LatestSerial() => Configs.GetLatestAsync(CancellationToken.None).GetAwaiter().GetResult().Info.Serial;

    /// <summary>The draft, for use inside bUnit's synchronous WaitForAssertion.</summary>
    protected DraftView Draft() => Drafts.GetAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The draft as the pages see it.</summary>
    protected Task<DraftView> DraftAsync() => Drafts.GetAsync(CancellationToken.None);

    /// <summary>Answers the next confirmation dialog with <paramref name="answer"/>; the task completes when it was answered.</summary>
    protected Task AnswerNextDialog(bool answer)
    {
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Answer(string? title, Type type, Dictionary<string, object?> parameters, DialogOptions options)
        {
            Dialogs.OnOpen -= Answer;
            Dialogs.Close(answer);
            answered.TrySetResult();
        }
        Dialogs.OnOpen += Answer;
        return answered.Task;
    }

    /// <summary>The text of every notification shown so far (summary and detail).</summary>
    protected IReadOnlyList<string> NotificationTexts() =>
        [.. Services.GetRequiredService<NotificationService>().Messages.Select(m => $"{m.Summary}: {m.Detail}")];

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
