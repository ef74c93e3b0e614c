using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using PiranhaNet.Core.Concurrency;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;
using PiranhaNet.Web.Services;
using PiranhaNet.Web.Components.Feedback;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>
/// What every dashboard page shares: who is signed in (recorded as the author of changes), notifications, following
/// changes made in other browsers while the page is open, and following the directors' live views.
/// </summary>
public abstract class DashboardPageBase : ComponentBase, IAsyncDisposable
{
    // At most four renders a second however often directors report: a page of many directors stays responsive.
    private static readonly TimeSpan s_liveSpacing = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _disposed = new();
    private IDisposable? _subscription;
    private Action<IReadOnlyDictionary<string, AgentView>, IReadOnlyCollection<string>>? _onDirectors;
    private Task _followingDirectors = Task.CompletedTask;

    /// <summary>Announces changes from other pages and browsers.</summary>
    [Inject] public required ChangeNotifier Notifier { get; init; }

    /// <summary>Success and failure messages.</summary>
    [Inject] public required INotices Notices { get; init; }

    /// <summary>Questions before what cannot be taken back.</summary>
    [Inject] public required IConfirmations Confirmations { get; init; }

    /// <summary>What the directors' agents report, live.</summary>
    [Inject] public required AgentRegistry Agents { get; init; }

    /// <summary>The clock that spaces live renders.</summary>
    [Inject] public required TimeProvider Time { get; init; }

    /// <summary>Who is signed in.</summary>
    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>The users, to check the signed-in one as stored at the moment of an action.</summary>
    [Inject] public required UserAccounts Accounts { get; init; }

    /// <summary>The audit trail every action is recorded in.</summary>
    [Inject] public required AuditStore Audit { get; init; }

    /// <summary>The browser's address, for the audit.</summary>
    [CascadingParameter(Name = "ClientAddress")] public string? ClientAddress { get; set; }

    /// <summary>What an action reports for the audit: done (with what it made) or failed (with why).</summary>
    protected sealed record ActionResult(AuditStore.Outcome Outcome, string Detail)
    {
        /// <summary>Done.</summary>
        public static ActionResult Done(string detail = "") => new(AuditStore.Outcome.Ok, detail);

        /// <summary>Not done, and why.</summary>
        public static ActionResult Failed(string why) => new(AuditStore.Outcome.Failed, why);
    }

    /// <summary>
    /// Runs <paramref name="act"/> as the signed-in user when, as stored at this moment, they may do what needs
    /// <paramref name="role"/>, and records it in the audit as <paramref name="action"/> on <paramref name="target"/> with
    /// its result. Otherwise nothing runs: a notice says why and the refusal is recorded. Every handler that changes
    /// anything goes through here: a button hidden from a viewer is a courtesy, this is the rule.
    /// </summary>
    protected async Task ActAsync(string role, string action, string target, Func<Actor, Task<ActionResult>> act)
    {
        var principal = AuthenticationState is null ? null : (await AuthenticationState).User;
        var user = principal?.Identity?.Name is { } name ? await Accounts.GetAsync(name, CancellationToken.None) : null;
        var actor = Actor.Of(principal ?? new(), ClientAddress);
        if (principal is null || !UserPrincipals.StillValid(principal, user))
        {
            await Audit.RecordAsync(actor, action, target, AuditStore.Outcome.Refused, "the session has ended", CancellationToken.None);
            Notices.Error("Your session has ended", "the user was disabled or deleted, or the password changed: sign in again. Nothing was changed.");
            return;
        }
        if (!Roles.Includes(user!.Role, role))
        {
            await Audit.RecordAsync(actor, action, target, AuditStore.Outcome.Refused, $"needs {role}, is {user.Role}", CancellationToken.None);
            Notices.Error("Not allowed", $"this needs the {role} role and '{user.Name}' is {Roles.WithArticle(user.Role)}. Nothing was changed.");
            return;
        }
        ActionResult result;
        try
        {
            result = await act(actor);
        }
        catch (Exception e)
        {
            await Audit.RecordAsync(actor, action, target, AuditStore.Outcome.Failed, e.Message, CancellationToken.None);
            throw;
        }
        await Audit.RecordAsync(actor, action, target, result.Outcome, result.Detail, CancellationToken.None);
    }

    /// <summary>True while the signed-in user's role, as the session has it, includes <paramref name="role"/> (to show or hide buttons; actions check again).</summary>
    protected async Task<bool> MayAsync(string role) =>
        AuthenticationState is not null && Roles.Includes(UserPrincipals.RoleOf((await AuthenticationState).User), role);

    /// <summary>
    /// Calls <paramref name="reload"/> on the page's renderer after each change of the given kinds (all when
    /// none are given), then re-renders. One subscription per page; it ends when the page is disposed.
    /// </summary>
    protected void Follow(Func<Task> reload, params ChangeKind[] kinds) => Follow(_ => reload(), kinds);

    /// <summary>Like <see cref="Follow(Func{Task}, ChangeKind[])"/>, telling the reload which kind of change happened.</summary>
    protected void Follow(Func<ChangeKind, Task> reload, params ChangeKind[] kinds)
    {
        _subscription?.Dispose();
        // The notifier gives each subscriber its changes one at a time, so reloads never land out of order.
        _subscription = Notifier.Subscribe(kind => InvokeAsync(async () => { await reload(kind); StateHasChanged(); }), kinds);
    }

    /// <summary>
    /// Follows the directors' live views from the first interactive render after this call until the page goes (Aspire's pattern): on
    /// the renderer, <paramref name="apply"/> gets the views as they are now and the names of the directors whose view
    /// changed (all of them the first time, then each batch's), and the page re-renders. A prerendered page opens no
    /// subscription. Errors go to the page's error boundary.
    /// </summary>
    protected void FollowDirectors(Action<IReadOnlyDictionary<string, AgentView>, IReadOnlyCollection<string>> apply) => _onDirectors = apply;

    /// <inheritdoc />
    protected override Task OnAfterRenderAsync(bool firstRender)
    {
        // Not only after the first render: a page that asks to follow after an await in OnInitializedAsync has
        // rendered once already by then, and the render after its initialisation is the first one that can start it.
        if (_onDirectors is { } apply && RendererInfo.IsInteractive)
        {
            _onDirectors = null;   // followed once, from here until the page goes
            var subscription = Agents.Subscribe();
            _followingDirectors = Task.Run(() => FollowDirectorsAsync(subscription, apply, _disposed.Token));
        }
        return Task.CompletedTask;
    }

    private async Task FollowDirectorsAsync(KeyedChangeFeed<string, AgentView>.Subscription subscription,
        Action<IReadOnlyDictionary<string, AgentView>, IReadOnlyCollection<string>> apply, CancellationToken cancellationToken)
    {
        using (subscription)
        {
            try
            {
                // Written on the renderer only: the snapshot, then each batch's latest views.
                var views = new Dictionary<string, AgentView>(subscription.Snapshot, StringComparer.Ordinal);
                await InvokeAsync(() => { apply(views, [.. views.Keys]); StateHasChanged(); });
                await foreach (var batch in subscription.ReadAllAsync(s_liveSpacing, Time, cancellationToken))
                {
                    await InvokeAsync(() =>
                    {
                        foreach (var change in batch)
                        {
                            if (change.Value is { } view)
                            {
                                views[change.Key] = view;
                            }
                            else
                            {
                                views.Remove(change.Key);
                            }
                        }
                        apply(views, [.. batch.Select(c => c.Key)]);
                        StateHasChanged();
                    });
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                await DispatchExceptionAsync(e);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        await _disposed.CancelAsync();
        await _followingDirectors;
        _disposed.Dispose();
        OnDispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what a page holds besides its subscriptions.</summary>
    protected virtual void OnDispose()
    {
    }
}
