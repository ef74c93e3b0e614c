using Dapper;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Web.Data;

/// <summary>
/// The heartbeat key in SQLite, apart from the configuration. Readers get the key only as the message for agents
/// or once, from <see cref="RotateAsync"/>; pages see its fingerprint.
/// </summary>
public sealed class HeartbeatKeyStore(StoreDatabase database, TimeProvider timeProvider)
{
    /// <summary>How long the directors go on signing with the key before a rotation: time for both to receive the new one.</summary>
    public static readonly TimeSpan PreviousKeyGrace = TimeSpan.FromMinutes(10);

    /// <summary>What pages may show of the key.</summary>
    public sealed record KeyInfo(string Fingerprint, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? PreviousUntil);

    /// <summary>The key's fingerprint and history, or null before one was generated.</summary>
    public async Task<KeyInfo?> GetInfoAsync(CancellationToken cancellationToken) =>
        await ReadAsync(cancellationToken) is { } row
            ? new KeyInfo(HeartbeatKey.Fingerprint(row.Key), SortableTime.Parse(row.CreatedAt), row.CreatedBy, Live(row.Previous, row.PreviousUntil))
            : null;

    /// <summary>The message that gives agents the key (and the previous one while it is still in use), or null without a key.</summary>
    public async Task<HeartbeatKeyMessage?> GetMessageAsync(CancellationToken cancellationToken) =>
        await ReadAsync(cancellationToken) is { } row ? Message(row.Key, row.Previous, row.PreviousUntil) : null;

    /// <summary>
    /// Generates a new key, keeping the current one as the previous for <see cref="PreviousKeyGrace"/>; returns the
    /// message for the agents, whose <see cref="HeartbeatKeyMessage.Key"/> is the new key.
    /// </summary>
    public async Task<HeartbeatKeyMessage> RotateAsync(string author, CancellationToken cancellationToken)
    {
        var key = HeartbeatKey.Generate();
        var now = timeProvider.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        var (previous, until) = await connection.QuerySingleAsync<(string? Previous, string? PreviousUntil)>(new CommandDefinition("""
            INSERT INTO heartbeat_key (id, key, created_at, created_by, previous, previous_until) VALUES (1, @key, @now, @author, NULL, NULL)
            ON CONFLICT (id) DO UPDATE SET previous = heartbeat_key.key, previous_until = @until, key = @key, created_at = @now, created_by = @author
            RETURNING previous, previous_until
            """, new { key, now = SortableTime.Text(now), author, until = SortableTime.Text(now + PreviousKeyGrace) }, cancellationToken: cancellationToken));
        return Message(key, previous, until);
    }

    private HeartbeatKeyMessage Message(string key, string? previous, string? previousUntil) =>
        Live(previous, previousUntil) is { } until ? new HeartbeatKeyMessage(key, previous, until) : new HeartbeatKeyMessage(key, null, null);

    // Until when the previous key is still in use, or null when there is none or its time is up.
    private DateTimeOffset? Live(string? previous, string? previousUntil) =>
        previous is not null && previousUntil is not null && SortableTime.Parse(previousUntil) is var until && until > timeProvider.GetUtcNow() ? until : null;

    private async Task<KeyRow?> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            "SELECT key, created_at AS CreatedAt, created_by AS CreatedBy, previous, previous_until AS PreviousUntil FROM heartbeat_key WHERE id = 1",
            cancellationToken: cancellationToken));
    }

    // Dapper maps columns onto settable properties.
    private sealed class KeyRow
    {
        public string Key { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string CreatedBy { get; set; } = "";
        public string? Previous { get; set; }
        public string? PreviousUntil { get; set; }

        // Never printed by accident.
        public override string ToString() => "heartbeat key row";
    }
}
