using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Security;

/// <summary>
/// The users' logins and the rules about them: first-run setup, password checks throttled per client address and per
/// user name, password changes, and adding, disabling, deleting and re-roling users without ever leaving the
/// dashboard without an enabled admin. Failed logins are logged with the user name and client address, never the
/// password. Singleton; every read goes to the store, so a change made by the command line counts at once.
/// </summary>
public sealed partial class UserAccounts(UserStore store, PasswordHasher hasher, LoginThrottle throttle,
    Services.ChangeNotifier notifier, TimeProvider timeProvider, ILogger<UserAccounts> logger)
{
    // Verified API credentials, keyed by a hash of name, password and password stamp, so Basic authentication
    // does not pay for PBKDF2 on every request. Entries expire after a few minutes; the user is still read each time.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _verified = new(StringComparer.Ordinal);
    private static readonly TimeSpan s_verifiedFor = TimeSpan.FromMinutes(5);

    // Checked against when the user name is unknown, so a wrong name costs as much time as a wrong password.
    private readonly Lazy<string> _decoyHash = new(() => hasher.Hash(Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));
    private volatile bool _setUp;

    /// <summary>The outcome of a login attempt.</summary>
    public enum LoginOutcome { Success, Invalid, Throttled, NotSetUp }

    /// <summary>True once a user exists (first-run setup is done); cached once true, since the last admin cannot go.</summary>
    public async Task<bool> IsSetUpAsync(CancellationToken cancellationToken) =>
        _setUp || (_setUp = await store.AnyAsync(cancellationToken));

    /// <summary>A user as stored now, or null.</summary>
    public Task<UserStore.User?> GetAsync(string name, CancellationToken cancellationToken) => store.GetAsync(name, cancellationToken);

    /// <summary>Every user.</summary>
    public Task<IReadOnlyList<UserStore.User>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    /// <summary>
    /// Checks a login from <paramref name="client"/> (its address): the user when it succeeds. Refused while either
    /// the address or the user name has too many recent failures; a disabled user's login fails like a wrong password.
    /// </summary>
    public async Task<(LoginOutcome Outcome, TimeSpan RetryAfter, UserStore.User? User)> LoginAsync(string userName, string password, string client,
        CancellationToken cancellationToken)
    {
        var (addressKey, userKey) = ThrottleKeys(userName, client);
        if (Longest(throttle.RetryAfter(addressKey), throttle.RetryAfter(userKey)) is { } wait)
        {
            LogThrottled(logger, userName, client);
            return (LoginOutcome.Throttled, wait, null);
        }
        if (!await IsSetUpAsync(cancellationToken))
        {
            return (LoginOutcome.NotSetUp, TimeSpan.Zero, null);
        }
        var user = await store.GetAsync(userName, cancellationToken);
        // Always run PBKDF2, even for an unknown name, so timing does not reveal which part was wrong.
        var passwordMatches = PasswordHasher.Verify(password, user?.PasswordHash ?? _decoyHash.Value);
        if (user is null || !passwordMatches || user.Disabled)
        {
            throttle.Failed(addressKey);
            throttle.Failed(userKey);
            LogFailed(logger, userName, client, user is { Disabled: true } ? " (disabled)" : "");
            return (LoginOutcome.Invalid, TimeSpan.Zero, null);
        }
        throttle.Succeeded(addressKey);
        throttle.Succeeded(userKey);
        LogSucceeded(logger, userName, client);
        return (LoginOutcome.Success, TimeSpan.Zero, user);
    }

    /// <summary>Checks API (Basic) credentials, with a short cache of successful checks; throttled like logins. The user, or null.</summary>
    public async Task<UserStore.User?> VerifyApiCredentialsAsync(string userName, string password, string client, CancellationToken cancellationToken)
    {
        var user = await store.GetAsync(userName, cancellationToken);
        if (user is { Disabled: false })
        {
            var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{userName}\n{password}\n{Stamp(user)}")));
            if (_verified.TryGetValue(key, out var until) && until > timeProvider.GetUtcNow())
            {
                return user;
            }
            var (outcome, _, verified) = await LoginAsync(userName, password, client, cancellationToken);
            if (outcome == LoginOutcome.Success)
            {
                _verified[key] = timeProvider.GetUtcNow() + s_verifiedFor;
            }
            return verified;
        }
        return (await LoginAsync(userName, password, client, cancellationToken)).User;
    }

    /// <summary>First-run setup: the first admin. A problem message, or null when the user was created.</summary>
    public async Task<string?> SetUpAsync(string userName, string password, string confirmation, CancellationToken cancellationToken)
    {
        if (ProblemWithNewCredentials(userName, password, confirmation) is { } problem)
        {
            return problem;
        }
        if (!await store.AddFirstAdminAsync(userName, hasher.Hash(password), cancellationToken))
        {
            return "an administrator already exists; sign in instead";
        }
        _setUp = true;
        LogSetUp(logger, userName);
        return null;
    }

    /// <summary>A user changes their own password after giving the current one. A problem message, or null on success.</summary>
    public async Task<string?> ChangeOwnPasswordAsync(string userName, string currentPassword, string newPassword, string confirmation, string client,
        CancellationToken cancellationToken)
    {
        var (outcome, wait, _) = await LoginAsync(userName, currentPassword, client, cancellationToken);
        if (outcome != LoginOutcome.Success)
        {
            return outcome == LoginOutcome.Throttled ? $"too many failed attempts; try again in {Math.Ceiling(wait.TotalSeconds)} s" : "the current password is wrong";
        }
        if (ProblemWithNewCredentials(userName, newPassword, confirmation) is { } problem)
        {
            return problem;
        }
        await SetPasswordAsync(userName, newPassword, cancellationToken);
        return null;
    }

    /// <summary>
    /// Sets a user's password without the old one (an admin's reset, or <c>piranhanet passwd</c> run by whoever owns the
    /// data directory); every session opened with the old one ends. False when there is no such user.
    /// </summary>
    public async Task<bool> SetPasswordAsync(string userName, string password, CancellationToken cancellationToken)
    {
        if (!await store.SetPasswordAsync(userName, hasher.Hash(password), cancellationToken))
        {
            return false;
        }
        _verified.Clear();
        notifier.Notify(Services.ChangeKind.Users);
        LogPasswordChanged(logger, userName);
        return true;
    }

    /// <summary>Adds a user; a problem message naming what is wrong, or null when added.</summary>
    public async Task<string?> AddAsync(string userName, string role, string password, string confirmation, string addedBy, CancellationToken cancellationToken)
    {
        if (!Roles.IsRole(role))
        {
            return $"role '{role}' is not one of {string.Join(", ", Roles.All)}";
        }
        if (ProblemWithNewCredentials(userName, password, confirmation) is { } problem)
        {
            return problem;
        }
        if (!await store.AddAsync(userName, role, hasher.Hash(password), addedBy, cancellationToken))
        {
            return $"a user named '{userName}' already exists";
        }
        _setUp = true;
        notifier.Notify(Services.ChangeKind.Users);
        LogAdded(logger, userName, role, addedBy);
        return null;
    }

    /// <summary>Changes a user's role; a problem message, or null when changed.</summary>
    public async Task<string?> SetRoleAsync(string userName, string role, CancellationToken cancellationToken) =>
        !Roles.IsRole(role) ? $"role '{role}' is not one of {string.Join(", ", Roles.All)}"
        : Changed(Explain(await store.SetRoleAsync(userName, role, cancellationToken), userName, $"make '{userName}' {Roles.WithArticle(role)}"));

    /// <summary>Disables or enables a user; a problem message, or null when changed. A disabled user's sessions and tokens stop working.</summary>
    public async Task<string?> SetDisabledAsync(string userName, bool disabled, CancellationToken cancellationToken) =>
        Changed(Explain(await store.SetDisabledAsync(userName, disabled, cancellationToken), userName, $"disable '{userName}'"));

    /// <summary>Deletes a user; a problem message, or null when deleted.</summary>
    public async Task<string?> DeleteAsync(string userName, CancellationToken cancellationToken) =>
        Changed(Explain(await store.DeleteAsync(userName, cancellationToken), userName, $"delete '{userName}'"));

    // After a change: no cached API credential outlives it, and open pages show it.
    private string? Changed(string? problem)
    {
        if (problem is null)
        {
            _verified.Clear();
            notifier.Notify(Services.ChangeKind.Users);
        }
        return problem;
    }

    private static string? Explain(UserStore.Change change, string userName, string what) => change switch
    {
        UserStore.Change.Done => null,
        UserStore.Change.NoSuchUser => $"there is no user named '{userName}'",
        _ => $"cannot {what}: it is the last enabled admin, and the dashboard would have nobody to manage it",
    };

    /// <summary>Why a new user name and password cannot be used, or null.</summary>
    public static string? ProblemWithNewCredentials(string userName, string password, string confirmation) =>
        ProblemWithUserName(userName) is { } nameProblem ? nameProblem
        : PasswordHasher.Problem(password) is { } problem ? problem
        : password != confirmation ? "the two passwords differ"
        : null;

    /// <summary>Why a user name cannot be used, or null: one word of at most 64 characters, no control characters.</summary>
    public static string? ProblemWithUserName(string? userName) =>
        string.IsNullOrWhiteSpace(userName) || userName.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ? "the user name must be one word"
        : userName.Length > 64 ? "the user name must be at most 64 characters"
        : null;

    private static (string Address, string User) ThrottleKeys(string userName, string client) => ($"address:{client}", $"user:{userName}");

    private static TimeSpan? Longest(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed login for user '{UserName}' from {Client}{Why}")]
    private static partial void LogFailed(ILogger logger, string userName, string client, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login for user '{UserName}' from {Client} refused: too many failed attempts")]
    private static partial void LogThrottled(ILogger logger, string userName, string client);

    [LoggerMessage(Level = LogLevel.Information, Message = "User '{UserName}' signed in from {Client}")]
    private static partial void LogSucceeded(ILogger logger, string userName, string client);

    [LoggerMessage(Level = LogLevel.Information, Message = "Administrator '{UserName}' created by first-run setup")]
    private static partial void LogSetUp(ILogger logger, string userName);

    [LoggerMessage(Level = LogLevel.Information, Message = "User '{UserName}' added as {Role} by {AddedBy}")]
    private static partial void LogAdded(ILogger logger, string userName, string role, string addedBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Password of '{UserName}' changed")]
    private static partial void LogPasswordChanged(ILogger logger, string userName);

    /// <summary>The claim that ties a session to the password it was opened with.</summary>
    public const string PasswordStampClaim = "piranhanet:password-stamp";

    /// <summary>The stamp of a user's current password (sessions carrying another stamp are signed out).</summary>
    public static string Stamp(UserStore.User user) => user.PasswordChangedAt.UtcTicks.ToString(CultureInfo.InvariantCulture);
}
