using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Hosting;
using PiranhaNet.Web.Security;
using PiranhaNet.Web.Services;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Components.Tests.Shared;

/// <summary>
/// A bUnit context with the dashboard's real services on a temporary SQLite file (the store has its own
/// tests), MudBlazor's services, loose JS interop for MudBlazor's scripts, and the admin "piranha" signed in (<see cref="SignIn"/> for another user).
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
        var database = new SqliteDatabase(directory.File("components.db"));
        new MigrationRunner(database).MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        _database = database;
        _users = new UserStore(database, TimeProvider.System);
        Services.AddPiranhaStore(directory.File("components.db"));
        Services.AddPiranhaConfiguration();
        Services.AddPiranhaAgentChannel();
        Services.AddSingleton(new WebOptions { DataDirectory = directory.Path });
        Services.AddPiranhaAccounts(passwordIterations: 1_000);
        Services.AddPiranhaFeedback();
        _authorization = AddAuthorization();
        SignIn("piranha", Roles.Admin);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private readonly SqliteDatabase _database;
    private string _signedIn = "";
    private readonly UserStore _users;
    private readonly Bunit.TestDoubles.BunitAuthorizationContext _authorization;

    /// <summary>
    /// Signs in <paramref name="name"/> with <paramref name="role"/>, adding the user to the store first, as the pages check
    /// the user as stored at each action. The default is the admin "piranha".
    /// </summary>
    protected void SignIn(string name, string role)
    {
        _users.AddAsync(name, role, "hash-unused-here", "test", CancellationToken.None).GetAwaiter().GetResult();
        var user = _users.GetAsync(name, CancellationToken.None).GetAwaiter().GetResult()!;
        _signedIn = name;
        _authorization.SetAuthorized(name).SetRoles(role)
            .SetClaims(new System.Security.Claims.Claim(UserAccounts.PasswordStampClaim, UserAccounts.Stamp(user)));
    }

    /// <summary>Empties the users table, as before first-run setup (the store itself never lets the last admin go).</summary>
    protected void RemoveEveryUser()
    {
        using var connection = _database.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM users";
        delete.ExecuteNonQuery();
    }

    /// <summary>The users as stored, to change one while a page is open.</summary>
    protected UserStore Users => _users;

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's popover service can only be disposed asynchronously; xUnit disposes synchronously after this.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    protected ConfigService Configs => Services.GetRequiredService<ConfigService>();

    protected DraftService Drafts => Services.GetRequiredService<DraftService>();

    /// <summary>Stores <paramref name="config"/> as the next version.</summary>
    protected Task SeedAsync(LvsConfig config) => Configs.ReplaceAsync(config, null, "seed", CancellationToken.None);

    /// <summary>The latest version's number, for use inside bUnit's synchronous WaitForAssertion.</summary>
    protected int LatestSerial() => Configs.GetLatestAsync(CancellationToken.None).GetAwaiter().GetResult().Info.Serial;

    /// <summary>The signed-in user's draft, for use inside bUnit's synchronous WaitForAssertion.</summary>
    protected DraftView Draft() => DraftAsync().GetAwaiter().GetResult();

    /// <summary>The signed-in user's draft as the pages see it.</summary>
    protected Task<DraftView> DraftAsync() => Drafts.GetAsync(_signedIn, CancellationToken.None);

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

    private static readonly DateTimeOffset s_reportedAt = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A director connects and reports its redundancy as an agent would: its role and state with the reason, two heartbeat
    /// paths (the private one up or down), its failover, the addresses it holds when active, and its key's fingerprint.
    /// </summary>
    protected void Report(string name, DirectorRole role, DirectorState state, string reason, bool privateUp = true, string? fingerprint = null)
    {
        var registry = Services.GetRequiredService<AgentRegistry>();
        registry.Connected(new AgentRegistry.AgentSession(name, new System.Net.WebSockets.ClientWebSocket()), new HelloMessage(name, "userspace", 1, true));
        var redundancy = new RedundancyStatus(role, state, reason, false, DirectorState.Standby,
            [new HeartbeatPathStatus("public", "192.0.2.1", "192.0.2.2", true, s_reportedAt, 0.42), new HeartbeatPathStatus("private", "10.9.0.1", "10.9.0.2", privateUp, s_reportedAt, null)],
            [new FailoverRecord(s_reportedAt, DirectorState.Standby, state, reason)], state == DirectorState.Active ? ["192.0.2.10/32 on eth0:1 (virtual server web)"] : [],
            fingerprint, null);
        // As the agent channel does: the changes are stored, then the status goes to the registry.
        if (Services.GetRequiredService<FailoverStore>().RecordAsync(name, redundancy.Failovers, CancellationToken.None).GetAwaiter().GetResult().Count > 0)
        {
            Services.GetRequiredService<ChangeNotifier>().Notify(ChangeKind.Redundancy);
        }
        registry.Received(name, new StatusMessage(new DirectorStatus(name, "userspace", true, 1, null, [], [], Redundancy: redundancy)));
    }

    /// <summary>The digest of every row in the store (<see cref="StoreDigest"/>), to show an action changed nothing.</summary>
    protected Task<string> StoreDigestAsync() => StoreDigest.OfFileAsync(Services.GetRequiredService<TempDirectory>().File("components.db"));

    /// <summary>The text of every notice shown so far ("summary: detail").</summary>
    protected IReadOnlyList<string> NotificationTexts() =>
        [.. Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "")];

    /// <summary>Waits until a notice with <paramref name="text"/> ("summary: detail") was shown; fails after the wait timeout.</summary>
    protected void WaitForNotice(string text)
    {
        var deadline = DateTime.UtcNow + DefaultWaitTimeout;
        while (!NotificationTexts().Contains(text) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }
        Assert.Contains(text, NotificationTexts());
    }

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
