using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Api;

// The same API tests with the dashboard on PostgreSQL (`--store`), each in a database of its own on the tests' own
// server: the whole dashboard, its migrations and every store through the real HTTP API.

public sealed class ConfigApiOnPostgresTests : ConfigApiTests
{
    protected override async Task<string?> StoreAsync() => await ThrowawayPostgres.NewDatabaseAsync();
}

public sealed class VersionApiOnPostgresTests : VersionApiTests
{
    protected override async Task<string?> StoreAsync() => await ThrowawayPostgres.NewDatabaseAsync();
}

public sealed class UserApiOnPostgresTests : UserApiTests
{
    protected override async Task<string?> StoreAsync() => await ThrowawayPostgres.NewDatabaseAsync();
}

public sealed class TokenApiOnPostgresTests : TokenApiTests
{
    protected override async Task<string?> StoreAsync() => await ThrowawayPostgres.NewDatabaseAsync();
}

public sealed class DirectorApiOnPostgresTests : DirectorApiTests
{
    protected override async Task<string?> StoreAsync() => await ThrowawayPostgres.NewDatabaseAsync();
}

public sealed class AuditApiOnPostgresTests : AuditApiTests
{
    protected override async Task<string?> StoreAsync() => await ThrowawayPostgres.NewDatabaseAsync();
}
