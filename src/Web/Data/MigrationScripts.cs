using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;

namespace PiranhaNet.Web.Data;

/// <summary>One migration script: its number, its name and its SQL.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// The numbered SQL scripts of one store, embedded as resources from one folder (Data/Migrations for SQLite,
/// Data/Postgres/Migrations for PostgreSQL), in order, and how either store's runner applies them.
/// </summary>
internal static partial class MigrationScripts
{
    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();

    /// <summary>
    /// Applies each of <paramref name="pending"/> in its own transaction with <paramref name="step"/> (a C# conversion,
    /// by number; it returns how many rows it rewrote) and records it in <c>schema_migrations</c> (made if missing).
    /// Returns the versions applied and the rows rewritten.
    /// </summary>
    public static async Task<(List<int> Applied, int Rewritten)> ApplyAsync(DbConnection connection, IEnumerable<Migration> pending,
        Func<int, DbConnection, DbTransaction, CancellationToken, Task<int>>? step, CancellationToken cancellationToken)
    {
        var (applied, rewritten) = (new List<int>(), 0);
        foreach (var migration in pending)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
            if (step is not null)
            {
                rewritten += await step(migration.Version, connection, transaction, cancellationToken);
            }
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                new { migration.Version, migration.Name, AppliedAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) },
                transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(CancellationToken.None);
            applied.Add(migration.Version);
        }
        return (applied, rewritten);
    }

    /// <summary>The versions <c>schema_migrations</c> records, after making it if the store is new (ISO 8601 text times, as everywhere).</summary>
    public static async Task<HashSet<int>> AppliedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at TEXT NOT NULL)
            """, cancellationToken: cancellationToken));
        return [.. await connection.QueryAsync<int>(new CommandDefinition("SELECT version FROM schema_migrations", cancellationToken: cancellationToken))];
    }

    /// <summary>The scripts in <paramref name="folder"/> (dotted, as in "Data.Migrations"), numbered 1, 2, ... without gaps.</summary>
    public static IReadOnlyList<Migration> Load(string folder)
    {
        var assembly = typeof(MigrationScripts).Assembly;
        // Resources are named by the project's root namespace and the file's folder.
        var prefix = $"PiranhaNet.Web.{folder}.";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var match = FileName().Match(resource[prefix.Length..]);
            if (!match.Success)
            {
                continue;
            }
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
        }
        var ordered = migrations.OrderBy(m => m.Version).ToList();
        // A gap or a duplicate number means a script was renamed or lost: refuse to start rather than guess.
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Version != i + 1)
            {
                throw new InvalidOperationException($"{folder}: migration scripts must be numbered 0001, 0002, ... without gaps; found {ordered[i].Version:D4}_{ordered[i].Name} at position {i + 1}");
            }
        }
        return ordered;
    }
}
