using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Security;

/// <summary>
/// Personal API tokens: made by a user for automation (a name, a role no higher than theirs, an optional expiry), shown
/// once, kept as a hash, revocable by their owner or an admin. A token works only while its owner exists and is
/// enabled, and never does more than its owner may at the moment of use (a demoted owner demotes their tokens).
/// </summary>
public sealed class ApiTokens(ApiTokenStore store, UserStore users, Services.ChangeNotifier notifier, TimeProvider timeProvider)
{
    /// <summary>What every token starts with, so a leaked one is recognised (secret scanners, logs).</summary>
    public const string Prefix = "pnt_";

    /// <summary>A token just made: the secret (shown this once) and its row.</summary>
    public sealed record Created(string Secret, ApiTokenStore.Token Token);

    /// <summary>A request's token, checked: its owner as stored now, the token, and the role it acts with.</summary>
    public sealed record Authenticated(UserStore.User Owner, ApiTokenStore.Token Token, string Role);

    /// <summary>Why a token was not made; <paramref name="Exists"/> when the name is taken (the rest is invalid input).</summary>
    public sealed record Refusal(string Message, bool Exists = false)
    {
        /// <inheritdoc />
        public override string ToString() => Message;
    }

    /// <summary>Makes a token for <paramref name="owner"/>; the token, or why not.</summary>
    public async Task<(Created? Created, Refusal? Problem)> CreateAsync(string owner, string name, string role, DateTimeOffset? expiresAt,
        CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(owner, cancellationToken);
        var problem = user is null ? $"there is no user named '{owner}'"
            : UserAccounts.ProblemWithUserName(name) is { } nameProblem ? nameProblem.Replace("user name", "token name", StringComparison.Ordinal)
            : !Roles.IsRole(role) ? $"role '{role}' is not one of {string.Join(", ", Roles.All)}"
            : !Roles.Includes(user.Role, role) ? $"a token's role cannot be higher than its owner's: '{owner}' is {Roles.WithArticle(user.Role)}"
            : expiresAt is { } at && at <= timeProvider.GetUtcNow() ? $"the expiry {at:u} has passed already"
            : null;
        if (problem is not null)
        {
            return (null, new Refusal(problem));
        }
        var secret = SecretTokens.New(Prefix);
        if (await store.AddAsync(owner, name, role, SecretTokens.Hash(secret), expiresAt, cancellationToken) is not { } id)
        {
            return (null, new Refusal($"'{owner}' has a token named '{name}' already", Exists: true));
        }
        notifier.Notify(Services.ChangeKind.Users);
        return (new Created(secret, (await store.GetAsync(id, cancellationToken))!), null);
    }

    /// <summary>The token <paramref name="secret"/> stands for when it works now; else null, and why.</summary>
    public async Task<(Authenticated? Token, string? Why)> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal) || await store.FindByHashAsync(SecretTokens.Hash(secret), cancellationToken) is not { } token)
        {
            return (null, "unknown token");
        }
        if (token.ExpiresAt is { } expires && expires <= timeProvider.GetUtcNow())
        {
            return (null, $"token '{token.Name}' of '{token.Owner}' expired at {expires:u}");
        }
        if (await users.GetAsync(token.Owner, cancellationToken) is not { Disabled: false } owner)
        {
            return (null, $"the owner of token '{token.Name}', '{token.Owner}', is disabled");
        }
        await store.TouchAsync(token.Id, cancellationToken);
        var role = Roles.Includes(owner.Role, token.Role) ? token.Role : owner.Role;
        return (new Authenticated(owner, token, role), null);
    }

    /// <summary>The tokens of <paramref name="owner"/>, or everyone's when null.</summary>
    public Task<IReadOnlyList<ApiTokenStore.Token>> ListAsync(string? owner, CancellationToken cancellationToken) => store.ListAsync(owner, cancellationToken);

    /// <summary>
    /// Revokes token <paramref name="id"/>, when it is <paramref name="onlyOf"/>'s (null: anyone's, for an admin or the
    /// command line); a problem, or null when revoked.
    /// </summary>
    public async Task<string?> RevokeAsync(long id, string? onlyOf, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } token || (onlyOf is not null && token.Owner != onlyOf))
        {
            // Someone else's token is "not found" to a non-admin: its existence is not theirs to learn.
            return $"there is no token {id}";
        }
        await store.DeleteAsync(id, cancellationToken);
        notifier.Notify(Services.ChangeKind.Users);
        return null;
    }
}
