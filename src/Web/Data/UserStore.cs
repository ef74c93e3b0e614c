using System.Globalization;
using Dapper;

namespace PiranhaNet.Web.Data;

/// <summary>The users' rows. Hashing and checking passwords is <see cref="Security.PasswordHasher"/>'s job, and the rules (the last admin) are <see cref="Security.UserAccounts"/>'s.</summary>
public sealed class UserStore(StoreDatabase database, TimeProvider timeProvider)
{
    /// <summary>A stored user.</summary>
    /// <param name="Name">Login name.</param>
    /// <param name="Role">One of <see cref="Security.Roles"/>.</param>
    /// <param name="PasswordHash">PBKDF2 hash in <see cref="Security.PasswordHasher"/>'s format.</param>
    /// <param name="PasswordChangedAt">When the password was last set; sessions opened before are signed out.</param>
    /// <param name="Disabled">A disabled user cannot sign in, and their sessions end.</param>
    /// <param name="CreatedAt">When the user was added.</param>
    /// <param name="CreatedBy">Who added them.</param>
    public sealed record User(string Name, string Role, string PasswordHash, DateTimeOffset PasswordChangedAt, bool Disabled, DateTimeOffset CreatedAt, string CreatedBy);

    /// <summary>One user, or null.</summary>
    public async Task<User?> GetAsync(string name, CancellationToken cancellationToken) =>
        (await ListWhereAsync("name = @name", new { name }, cancellationToken)).SingleOrDefault();

    /// <summary>Every user by name.</summary>
    public Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken) => ListWhereAsync("1 = 1", new { }, cancellationToken);

    /// <summary>True when any user exists (first-run setup is done).</summary>
    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM users", cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Adds a user; false when the name is taken.</summary>
    public async Task<bool> AddAsync(string name, string role, string passwordHash, string createdBy, CancellationToken cancellationToken)
    {
        var now = Now();
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO users (name, role, password_hash, password_changed_at, created_at, created_by)
            VALUES (@name, @role, @passwordHash, @now, @now, @createdBy)
            ON CONFLICT DO NOTHING
            """, new { name, role, passwordHash, now, createdBy }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Adds the first user as an admin, only while there is none (first-run setup cannot add a second); true when added.</summary>
    public async Task<bool> AddFirstAdminAsync(string name, string passwordHash, CancellationToken cancellationToken)
    {
        var now = Now();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginSerializedAsync(connection, "users", cancellationToken);
        var added = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO users (name, role, password_hash, password_changed_at, created_at, created_by)
            SELECT @name, 'admin', @passwordHash, @now, @now, 'setup' WHERE NOT EXISTS (SELECT 1 FROM users)
            """, new { name, passwordHash, now }, transaction, cancellationToken: cancellationToken)) == 1;
        await transaction.CommitAsync(CancellationToken.None);
        return added;
    }

    /// <summary>Sets a user's password (ending their older sessions); false when there is no such user.</summary>
    public Task<bool> SetPasswordAsync(string name, string passwordHash, CancellationToken cancellationToken) =>
        UpdateAsync("password_hash = @passwordHash, password_changed_at = @now", name, new { passwordHash, now = Now() }, cancellationToken);

    /// <summary>The outcome of a change that could leave the dashboard without an administrator.</summary>
    public enum Change { Done, NoSuchUser, LastAdmin }

    // The guard that keeps one enabled admin: the user changed is not an enabled admin, or another one exists. It is
    // part of the same statement as the change, so two admins demoting each other at once cannot both succeed.
    private const string KeepsAnAdmin = """
        (NOT (role = 'admin' AND disabled = FALSE)
         OR EXISTS (SELECT 1 FROM users other WHERE other.role = 'admin' AND other.disabled = FALSE AND other.name <> @name))
        """;

    /// <summary>Changes a user's role, refusing to demote the last enabled admin.</summary>
    public Task<Change> SetRoleAsync(string name, string role, CancellationToken cancellationToken) =>
        GuardedAsync($"UPDATE users SET role = @role WHERE name = @name AND (@role = 'admin' OR {KeepsAnAdmin})", name, new { role }, cancellationToken);

    /// <summary>Disables or enables a user, refusing to disable the last enabled admin.</summary>
    public Task<Change> SetDisabledAsync(string name, bool disabled, CancellationToken cancellationToken) =>
        GuardedAsync($"UPDATE users SET disabled = @disabled WHERE name = @name AND (@disabled = FALSE OR {KeepsAnAdmin})", name, new { disabled }, cancellationToken);

    /// <summary>Deletes a user, refusing to delete the last enabled admin.</summary>
    public Task<Change> DeleteAsync(string name, CancellationToken cancellationToken) =>
        GuardedAsync($"DELETE FROM users WHERE name = @name AND {KeepsAnAdmin}", name, new { }, cancellationToken);

    private async Task<Change> GuardedAsync(string sql, string name, object values, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(values);
        parameters.Add("name", name);
        await using var connection = await database.OpenAsync(cancellationToken);
        // Two dashboards on one PostgreSQL store demoting the two last admins at once would each see the other still an
        // admin: the changes that can leave none take turns.
        await using var transaction = await database.BeginSerializedAsync(connection, "users", cancellationToken);
        if (await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken)) == 1)
        {
            await transaction.CommitAsync(CancellationToken.None);
            return Change.Done;
        }
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM users WHERE name = @name", new { name }, transaction,
            cancellationToken: cancellationToken));
        return exists == 0 ? Change.NoSuchUser : Change.LastAdmin;
    }

    private async Task<bool> UpdateAsync(string set, string name, object values, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(values);
        parameters.Add("name", name);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition($"UPDATE users SET {set} WHERE name = @name", parameters, cancellationToken: cancellationToken)) == 1;
    }

    private async Task<IReadOnlyList<User>> ListWhereAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Name, string Role, string PasswordHash, string PasswordChangedAt, bool Disabled, string CreatedAt, string CreatedBy)>(
            new CommandDefinition($"SELECT name, role, password_hash, password_changed_at, disabled, created_at, created_by FROM users WHERE {where} ORDER BY name",
                parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new User(r.Name, r.Role, r.PasswordHash, Parse(r.PasswordChangedAt), r.Disabled, Parse(r.CreatedAt), r.CreatedBy))];
    }

    private string Now() => timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
