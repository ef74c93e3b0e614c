using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Data.History;

/// <summary>
/// The C# half of migration 16: rewrites an existing history, every version of which was stored whole, as the store
/// now writes it: a patch from the version before wherever <see cref="SnapshotPolicy"/> allows one. Reads one document
/// at a time, so a long history of a large configuration is converted in the memory of two versions.
/// </summary>
internal static class PatchHistoryMigration
{
    /// <summary>Converts every version in <paramref name="transaction"/>; returns how many became patches.</summary>
    public static async Task<int> RunAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var serials = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT serial FROM config_versions ORDER BY serial", transaction: transaction, cancellationToken: cancellationToken))).ToList();
        (LvsConfig Config, int Serial)? previous = null;
        long snapshotBytes = 0, patches = 0, patchBytes = 0;
        var converted = 0;
        foreach (var serial in serials)
        {
            var document = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT document FROM config_versions WHERE serial = @serial", new { serial }, transaction, cancellationToken: cancellationToken));
            var config = PiranhaJson.Deserialize(document!);
            if (previous is { } before && StoredConfig.PatchFrom(before.Config, before.Serial, config) is { } patch
                && SnapshotPolicy.PatchFits(snapshotBytes, patches, patchBytes, patch.Bytes))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE config_versions SET document = @Document, patch_of = @PatchOf WHERE serial = @serial",
                    new { patch.Document, patch.PatchOf, serial }, transaction, cancellationToken: cancellationToken));
                (patches, patchBytes, converted) = (patches + 1, patchBytes + patch.Bytes, converted + 1);
            }
            else
            {
                (snapshotBytes, patches, patchBytes) = (Encoding.UTF8.GetByteCount(document!), 0, 0);
            }
            previous = (config, (int)serial);
        }
        return converted;
    }
}
