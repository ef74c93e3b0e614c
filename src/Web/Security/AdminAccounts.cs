using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Security;

/// <summary>
/// The administrator's login: first-run setup, password checks with throttling, password changes. Failed
/// logins are logged with the user name and client address, never the password. Singleton.
/// </summary>
public sealed partial class AdminAccounts(AdminAccountStore store, PasswordHasher hasher, LoginThrottle throttle,
    TimeProvider timeProvider, ILogger<AdminAccounts> logger)
{
    // Verified API credentials, keyed by a hash of name, password and password stamp, so Basic authentication
    // does not pay for PBKDF2 on every request. Entries expire after a few minutes.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _verified = new(StringComparer.Ordinal);
    private static readonly TimeSpan s_verifiedFor = TimeSpan.FromMinutes(5);
    private volatile AdminAccountStore.Account? _account;

    /// <summary>The outcome of a login attempt.</summary>
    public enum LoginOutcome { Success, Invalid, Throttled, NotSetUp }

    /// <summary>The account, cached after the first read; null before first-run setup.</summary>
    public async Task<AdminAccountStore.Account?> GetAsync(CancellationToken cancellationToken) =>
        _account ??= await store.GetAsync(cancellationToken);

    /// <summary>Checks a login from <paramref name="client"/> (its address); see <see cref="LoginOutcome"/>.</summary>
    public async Task<(LoginOutcome Outcome, TimeSpan RetryAfter)> LoginAsync(string userName, string password, string client, CancellationToken cancellationToken)
    {
        if (throttle.RetryAfter(client) is { } wait)
        {
            LogThrottled(logger, userName, client);
            return (LoginOutcome.Throttled, wait);
        }
        var account = await GetAsync(cancellationToken);
        if (account is null)
        {
            return (LoginOutcome.NotSetUp, TimeSpan.Zero);
        }
        // Always run PBKDF2, even for a wrong user name, so timing does not reveal which part was wrong.
        var passwordMatches = PasswordHasher.Verify(password, account.PasswordHash);
        if (!passwordMatches || !string.Equals(userName, account.UserName, StringComparison.Ordinal))
        {
            throttle.Failed(client);
            LogFailed(logger, userName, client);
            return (LoginOutcome.Invalid, TimeSpan.Zero);
        }
        throttle.Succeeded(client);
        LogSucceeded(logger, userName, client);
        return (LoginOutcome.Success, TimeSpan.Zero);
    }

    /// <summary>Checks API (Basic) credentials, with a short cache of successful checks; throttled like logins.</summary>
    public async Task<bool> VerifyApiCredentialsAsync(string userName, string password, string client, CancellationToken cancellationToken)
    {
        var account = await GetAsync(cancellationToken);
        if (account is null)
        {
            return false;
        }
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{userName}\n{password}\n{account.ChangedAt.Ticks}")));
        if (_verified.TryGetValue(key, out var until) && until > timeProvider.GetUtcNow())
        {
            return true;
        }
        var (outcome, _) = await LoginAsync(userName, password, client, cancellationToken);
        if (outcome == LoginOutcome.Success)
        {
            _verified[key] = timeProvider.GetUtcNow() + s_verifiedFor;
        }
        return outcome == LoginOutcome.Success;
    }

    /// <summary>First-run setup; returns a problem message, or null when the account was created.</summary>
    public async Task<string?> SetUpAsync(string userName, string password, string confirmation, CancellationToken cancellationToken)
    {
        if (ProblemWithNewCredentials(userName, password, confirmation) is { } problem)
        {
            return problem;
        }
        if (!await store.CreateIfAbsentAsync(userName, hasher.Hash(password), cancellationToken))
        {
            return "an administrator already exists; sign in instead";
        }
        _account = null;
        LogSetUp(logger, userName);
        return null;
    }

    /// <summary>Changes the password after checking the current one; returns a problem message, or null on success.</summary>
    public async Task<string?> ChangePasswordAsync(string currentPassword, string newPassword, string confirmation, string client, CancellationToken cancellationToken)
    {
        var account = await GetAsync(cancellationToken) ?? throw new InvalidOperationException("no administrator is set up");
        var (outcome, wait) = await LoginAsync(account.UserName, currentPassword, client, cancellationToken);
        if (outcome != LoginOutcome.Success)
        {
            return outcome == LoginOutcome.Throttled ? $"too many failed attempts; try again in {Math.Ceiling(wait.TotalSeconds)} s" : "the current password is wrong";
        }
        if (ProblemWithNewCredentials(account.UserName, newPassword, confirmation) is { } problem)
        {
            return problem;
        }
        await SetPasswordAsync(account.UserName, newPassword, cancellationToken);
        return null;
    }

    /// <summary>Sets the password without checking the old one (<c>piranhanet passwd</c>, run by whoever owns the data directory).</summary>
    public async Task SetPasswordAsync(string userName, string password, CancellationToken cancellationToken)
    {
        _account = await store.SetAsync(userName, hasher.Hash(password), cancellationToken);
        _verified.Clear();
        LogPasswordChanged(logger, userName);
    }

    private static string? ProblemWithNewCredentials(string userName, string password, string confirmation) =>
        string.IsNullOrWhiteSpace(userName) || userName.Any(char.IsWhiteSpace) ? "the user name must be one word"
        : PasswordHasher.Problem(password) is { } problem ? problem
        : password != confirmation ? "the two passwords differ"
        : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed login for user '{UserName}' from {Client}")]
    private static partial void LogFailed(ILogger logger, string userName, string client);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login for user '{UserName}' from {Client} refused: too many failed attempts")]
    private static partial void LogThrottled(ILogger logger, string userName, string client);

    [LoggerMessage(Level = LogLevel.Information, Message = "User '{UserName}' signed in from {Client}")]
    private static partial void LogSucceeded(ILogger logger, string userName, string client);

    [LoggerMessage(Level = LogLevel.Information, Message = "Administrator '{UserName}' created by first-run setup")]
    private static partial void LogSetUp(ILogger logger, string userName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Password of '{UserName}' changed")]
    private static partial void LogPasswordChanged(ILogger logger, string userName);

    /// <summary>The claim that ties a session to the password it was opened with.</summary>
    public const string PasswordStampClaim = "piranhanet:password-stamp";

    /// <summary>The stamp of the current password (sessions carrying another stamp are signed out).</summary>
    public static string Stamp(AdminAccountStore.Account account) => account.ChangedAt.UtcTicks.ToString(CultureInfo.InvariantCulture);
}
