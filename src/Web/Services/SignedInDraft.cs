using Microsoft.AspNetCore.Components.Authorization;
using PiranhaNet.Core.Diffing;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Services;

/// <summary>
/// The draft of whoever is signed in to this circuit, for the pages, the menu and the badge: <see cref="DraftService"/>
/// with the owner taken from the circuit's authentication state. Scoped (one per browser tab).
/// </summary>
public sealed class SignedInDraft(DraftService drafts, AuthenticationStateProvider authentication)
{
    /// <summary>The signed-in user's name ("" when nobody is).</summary>
    public async Task<string> OwnerAsync() => (await authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? "";

    /// <summary>See <see cref="DraftService.GetAsync"/>.</summary>
    public async Task<DraftView> GetAsync(CancellationToken cancellationToken) => await drafts.GetAsync(await OwnerAsync(), cancellationToken);

    /// <summary>See <see cref="DraftService.ChangeAsync"/>; the author is the draft's owner.</summary>
    public Task<IReadOnlyList<ValidationError>> ChangeAsync(Func<LvsConfig, LvsConfig> change, string author, CancellationToken cancellationToken) =>
        drafts.ChangeAsync(change, author, cancellationToken);

    /// <summary>See <see cref="DraftService.ApplyAsync"/>.</summary>
    public Task<ConfigVersionInfo> ApplyAsync(string author, CancellationToken cancellationToken) => drafts.ApplyAsync(author, cancellationToken);

    /// <summary>See <see cref="DraftService.SettleAsync"/>.</summary>
    public Task<IReadOnlyList<string>> SettleAsync(string author, IReadOnlyDictionary<string, ThreeWayMerge.Side> settled, CancellationToken cancellationToken) =>
        drafts.SettleAsync(author, settled, cancellationToken);

    /// <summary>See <see cref="DraftService.DiscardAsync"/>.</summary>
    public async Task DiscardAsync(CancellationToken cancellationToken) => await drafts.DiscardAsync(await OwnerAsync(), cancellationToken);
}
