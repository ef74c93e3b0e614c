using System.Globalization;
using System.Text.RegularExpressions;

namespace PiranhaNet.Web.Data;

/// <summary>One migration script: its number, its name and its SQL.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// The numbered SQL scripts of one store, embedded as resources from one folder (Data/Migrations for SQLite,
/// Data/Postgres/Migrations for PostgreSQL), in order.
/// </summary>
internal static partial class MigrationScripts
{
    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();

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
