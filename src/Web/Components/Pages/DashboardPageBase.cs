using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using PiranhaNet.Web.Services;
using Radzen;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>
/// What every dashboard page shares: who is signed in (recorded as the author of changes), notifications,
/// and following changes made in other browsers while the page is open.
/// </summary>
public abstract class DashboardPageBase : ComponentBase, IDisposable
{
    private IDisposable? _subscription;

    /// <summary>Announces changes from other pages and browsers.</summary>
    [Inject] public required ChangeNotifier Notifier { get; init; }

    /// <summary>Success and failure messages.</summary>
    [Inject] public required NotificationService Notifications { get; init; }

    /// <summary>Who is signed in.</summary>
    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>The signed-in user's name, recorded as the author of changes.</summary>
    protected async Task<string> AuthorAsync() =>
        AuthenticationState is null ? "dashboard" : (await AuthenticationState).User.Identity?.Name ?? "dashboard";

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

    /// <inheritdoc />
    public void Dispose()
    {
        _subscription?.Dispose();
        OnDispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what a page holds besides its subscription.</summary>
    protected virtual void OnDispose()
    {
    }
}
