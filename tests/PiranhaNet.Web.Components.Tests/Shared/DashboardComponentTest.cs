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
    protected DashboardComponentTest()
    {
        var directory = new TempDirectory();
        Services.AddSingleton(directory);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddLogging();
        // Migrated through its own handle: resolving a service here would freeze bUnit's container.
        new MigrationRunner(new SqliteDatabase(directory.File("components.db"))).MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        Services.AddPiranhaStore(directory.File("components.db"));
        Services.AddSingleton(new PasswordHasher(1_000));
        Services.AddSingleton<LoginThrottle>();
        Services.AddSingleton<AdminAccounts>();
        Services.AddRadzenComponents();
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

    /// <summary>Answers the next confirmation dialog with <paramref name="answer"/>.</summary>
    protected void AnswerNextDialog(bool answer)
    {
        void Answer(string? title, Type type, Dictionary<string, object?> parameters, DialogOptions options)
        {
            Dialogs.OnOpen -= Answer;
            Dialogs.Close(answer);
        }
        Dialogs.OnOpen += Answer;
    }

    /// <summary>A valid direct-routing cluster with one virtual server and two real servers.</summary>
    protected static LvsConfig Web => new()
    {
        Global = new GlobalSettingsConfig { Primary = "192.0.2.1", Network = NetworkType.Direct },
        VirtualServers =
        [
            new VirtualServerConfig
            {
                Name = "web", Active = true, Address = "192.0.2.10", Device = "eth0:1", VipNetmask = "255.255.255.0",
                RealServers =
                [
                    new RealServerConfig { Name = "r1", Address = "192.0.2.21", Active = true },
                    new RealServerConfig { Name = "r2", Address = "192.0.2.22", Active = true, Weight = 3 },
                ],
            },
        ],
    };
}
