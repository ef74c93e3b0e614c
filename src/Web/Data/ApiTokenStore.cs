using Dapper;

namespace PiranhaNet.Web.Data;

/// <summary>The API tokens' rows (only each token's hash). The rules are <see cref="Security.ApiTokens"/>'s.</summary>
public sealed class ApiTokenStore(StoreDatabase database, TimeProvider timeProvider)
{
    /// <summary>A stored token.</summary>
    /// <param name="Id">Its number, which names it in the API and on the command line.</param>
    /// <param name="Owner">The user it acts for.</param>
    /// <param name="Name">What its owner called it (unique per owner), e.g. "ansible".</param>
    /// <param name="Role">The most it may do; never more than its owner's role at the moment of use.</param>
    /// <param name="CreatedAt">When it was made.</param>
    /// <param name="ExpiresAt">When it stops working, or null.</param>
    /// <param name="LastUsedAt">When it last authenticated a request (to the minute), or null.</param>
    public sealed record Token(long Id, string Owner, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);

    /// <summary>Adds a token; its id, or null when its owner has one of that name already (or no longer exists).</summary>
    public async Task<long?> AddAsync(string owner, string name, string role, string tokenHash, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO api_tokens (owner, name, role, token_hash, created_at, expires_at)
            SELECT @owner, @name, @role, @tokenHash, @now, @expiresAt WHERE EXISTS (SELECT 1 FROM users WHERE name = @owner)
            ON CONFLICT DO NOTHING
            RETURNING id
            """,
            new { owner, name, role, tokenHash, now = SortableTime.Text(timeProvider.GetUtcNow()), expiresAt = expiresAt is { } at ? SortableTime.Text(at) : null },
            cancellationToken: cancellationToken));
    }

    /// <summary>The token with this hash, or null.</summary>
    public async Task<Token?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken) =>
        (await ListWhereAsync("token_hash = @tokenHash", new { tokenHash }, cancellationToken)).SingleOrDefault();

    /// <summary>One token by id, or null.</summary>
    public async Task<Token?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await ListWhereAsync("id = @id", new { id }, cancellationToken)).SingleOrDefault();

    /// <summary>The tokens of <paramref name="owner"/>, or everyone's when null, by owner and name.</summary>
    public Task<IReadOnlyList<Token>> ListAsync(string? owner, CancellationToken cancellationToken) =>
        owner is null ? ListWhereAsync("1 = 1", new { }, cancellationToken) : ListWhereAsync("owner = @owner", new { owner }, cancellationToken);

    /// <summary>Removes a token; false when there was none with that id.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM api_tokens WHERE id = @id", new { id }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Records a use, at most once a minute per token (a busy script must not turn every request into a write).</summary>
    public async Task TouchAsync(long id, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_tokens SET last_used_at = @now WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @minuteAgo)",
            new { id, now = SortableTime.Text(now), minuteAgo = SortableTime.Text(now - TimeSpan.FromMinutes(1)) }, cancellationToken: cancellationToken));
    }

    private async Task<IReadOnlyList<Token>> ListWhereAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string Owner, string Name, string Role, string CreatedAt, string? ExpiresAt, string? LastUsedAt)>(
            new CommandDefinition($"SELECT id, owner, name, role, created_at, expires_at, last_used_at FROM api_tokens WHERE {where} ORDER BY owner, name",
                parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new Token(r.Id, r.Owner, r.Name, r.Role, SortableTime.Parse(r.CreatedAt),
            r.ExpiresAt is { } expires ? SortableTime.Parse(expires) : null, r.LastUsedAt is { } used ? SortableTime.Parse(used) : null))];
    }
}
