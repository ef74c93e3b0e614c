using System.Globalization;
using Dapper;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Agents;

namespace PiranhaNet.Web.Data.Postgres;

/// <summary>
/// The directors' views as the dashboards sharing a PostgreSQL store publish them (director_views), and which of those
/// dashboards are alive (dashboard_instances). See <see cref="SharedDirectorViews"/>.
/// </summary>
public sealed class DirectorViewStore(PostgresDatabase database)
{
    // Readers ask for the rows after the last revision they read, so revisions must commit in the order they are taken
    // (a reader that saw 101 commit before 100 would never read 100): the writers, one a second per dashboard, take
    // turns on this lock before they take revisions.
    private const string RevisionOrder = "director_views";

    /// <summary>One published view, with the dashboard that published it.</summary>
    public sealed record Published(AgentView View, string Instance, long Revision);

    /// <summary>Says that <paramref name="instance"/> is alive, and publishes its <paramref name="changed"/> views and the <paramref name="revoked"/> directors, in one transaction.</summary>
    public async Task PublishAsync(string instance, string label, IReadOnlyCollection<AgentView> changed, IReadOnlyCollection<string> revoked,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginSerializedAsync(connection, RevisionOrder, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO dashboard_instances (instance, label, seen_at) VALUES (@instance, @label, now()) ON CONFLICT (instance) DO UPDATE SET seen_at = now()",
            new { instance, label }, transaction, cancellationToken: cancellationToken));
        if (changed.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO director_views (director, instance, connected, applied_version, last_error, last_contact, status, revision)
                VALUES (@Name, @Instance, @Connected, @AppliedVersion, @LastError, @LastContact, @Status, nextval('director_view_revision'))
                ON CONFLICT (director) DO UPDATE SET instance = excluded.instance, connected = excluded.connected,
                    applied_version = excluded.applied_version, last_error = excluded.last_error, last_contact = excluded.last_contact,
                    status = excluded.status, revision = excluded.revision
                -- A director that lost its connection here may already report through another dashboard: that row stays.
                WHERE excluded.connected OR director_views.instance = excluded.instance OR NOT director_views.connected
                """,
                changed.Select(v => new
                {
                    v.Name, Instance = instance, v.Connected, v.AppliedVersion, v.LastError,
                    LastContact = v.LastContact.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                    Status = v.Status is null ? null : CompressedDocument.Compress(AgentProtocol.Encode(new StatusMessage(v.Status))),
                }), transaction, cancellationToken: cancellationToken));
        }
        if (revoked.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM director_views WHERE director = ANY(@revoked)",
                new { revoked = revoked.ToArray() }, transaction, cancellationToken: cancellationToken));
        }
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>The views other dashboards published after <paramref name="afterRevision"/>, of directors still enrolled, oldest first.</summary>
    public async Task<IReadOnlyList<Published>> ReadNewerAsync(string instance, long afterRevision, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT v.director, v.instance, v.connected, v.applied_version AS appliedversion, v.last_error AS lasterror,
                   v.last_contact AS lastcontact, v.status, v.revision, i.label
            FROM director_views v JOIN directors d ON d.name = v.director LEFT JOIN dashboard_instances i ON i.instance = v.instance
            WHERE v.revision > @afterRevision AND v.instance <> @instance
            ORDER BY v.revision
            """,
            new { instance, afterRevision }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new Published(
            new AgentView(r.Director, r.Connected, DateTimeOffset.Parse(r.LastContact, CultureInfo.InvariantCulture), r.AppliedVersion, r.LastError,
                r.Status is null ? null : ((StatusMessage)AgentProtocol.Decode(CompressedDocument.Decompress(r.Status))).Status, r.Label ?? r.Instance),
            r.Instance, r.Revision))];
    }

    /// <summary>The dashboards seen within <paramref name="within"/>, by the database's clock (the dashboards' clocks may differ).</summary>
    public async Task<IReadOnlySet<string>> AliveAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT instance FROM dashboard_instances WHERE seen_at > now() - make_interval(secs => @seconds)",
            new { seconds = within.TotalSeconds }, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Forgets a dashboard that stopped, and the views it published (its directors are connected elsewhere or nowhere).</summary>
    public async Task ForgetAsync(string instance, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginSerializedAsync(connection, RevisionOrder, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE director_views SET connected = FALSE, revision = nextval('director_view_revision') WHERE instance = @instance AND connected; DELETE FROM dashboard_instances WHERE instance = @instance",
            new { instance }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(CancellationToken.None);
    }

    private sealed record Row(string Director, string Instance, bool Connected, int AppliedVersion, string? LastError, string LastContact, byte[]? Status,
        long Revision, string? Label);
}
