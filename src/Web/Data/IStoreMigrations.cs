namespace PiranhaNet.Web.Data;

/// <summary>Brings the store's schema up to this build's, whichever the store (<see cref="MigrationRunner"/>, <see cref="Postgres.PostgresMigrationRunner"/>).</summary>
public interface IStoreMigrations
{
    /// <summary>Applies what the store has not seen yet; returns the versions applied now.</summary>
    Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken);
}
