using System.Globalization;
using Dapper;

namespace PiranhaNet.Web.Data;

/// <summary>The administrator account row. Hashing and checking passwords is <see cref="Security.PasswordHasher"/>'s job.</summary>
public sealed class AdminAccountStore(SqliteDatabase database, TimeProvider timeProvider)
{
    /// <summary>The stored account.</summary>
    /// <param name="UserName">Login name.</param>
    /// <param name="PasswordHash">PBKDF2 hash in <see cref="Security.PasswordHasher"/>'s format.</param>
    /// <param name="ChangedAt">When the password was last set; sessions older than this are signed out.</param>
    public sealed record Account(string UserName, string PasswordHash, DateTimeOffset ChangedAt);

    /// <summary>The account, or null before first-run setup.</summary>
    public async Task<Account?> GetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string UserName, string PasswordHash, string ChangedAt)?>(
            new CommandDefinition("SELECT user_name, password_hash, changed_at FROM admin_account WHERE id = 1", cancellationToken: cancellationToken));
        return row is { } r ? new Account(r.UserName, r.PasswordHash, DateTimeOffset.Parse(r.ChangedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)) : null;
    }

    /// <summary>Creates the account, or replaces its name and password hash.</summary>
    public async Task<Account> SetAsync(string userName, string passwordHash, CancellationToken cancellationToken)
    {
        var account = new Account(userName, passwordHash, timeProvider.GetUtcNow());
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO admin_account (id, user_name, password_hash, changed_at) VALUES (1, @UserName, @PasswordHash, @ChangedAt)
            ON CONFLICT (id) DO UPDATE SET user_name = excluded.user_name, password_hash = excluded.password_hash, changed_at = excluded.changed_at
            """,
            new { account.UserName, account.PasswordHash, ChangedAt = account.ChangedAt.ToString("O", CultureInfo.InvariantCulture) },
            cancellationToken: cancellationToken));
        return account;
    }

    /// <summary>Creates the account only if none exists (first-run setup cannot overwrite an existing one); true when created.</summary>
    public async Task<bool> CreateIfAbsentAsync(string userName, string passwordHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT OR IGNORE INTO admin_account (id, user_name, password_hash, changed_at) VALUES (1, @userName, @passwordHash, @changedAt)",
            new { userName, passwordHash, changedAt = timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
            cancellationToken: cancellationToken));
        return inserted == 1;
    }
}
