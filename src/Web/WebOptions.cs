namespace PiranhaNet.Web;

/// <summary>Where the dashboard keeps its data and where it listens.</summary>
public sealed record WebOptions
{
    /// <summary>Piranha's GUI listened on 3636; PiranhaNet keeps the habit, on loopback unless told otherwise.</summary>
    public const string DefaultUrls = "http://127.0.0.1:3636";

    /// <summary>Directory of the SQLite file and other state.</summary>
    public string DataDirectory { get; init; } = DefaultDataDirectory();

    /// <summary>URLs to listen on (<c>--urls</c>).</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>Run an agent inside the dashboard (director "local"), so one command gives a working system.</summary>
    public bool LocalAgent { get; init; }

    /// <summary>The local agent's dataplane (<c>--local-dataplane</c>): auto picks what this machine has, as on a director.</summary>
    public Agent.Hosting.DataplaneChoice LocalDataplane { get; init; } = Agent.Hosting.DataplaneChoice.Auto;

    /// <summary>
    /// Addresses a Prometheus scraper may read <c>/metrics</c> from without signing in (<c>--metrics-allow</c>); the
    /// dashboard's own host by default. Anyone signed in may read it from anywhere.
    /// </summary>
    public IReadOnlyList<System.Net.IPNetwork> MetricsAllow { get; init; } = [System.Net.IPNetwork.Parse("127.0.0.0/8"), System.Net.IPNetwork.Parse("::1/128")];

    /// <summary>PBKDF2 work factor for new password hashes; tests lower it, production keeps the default.</summary>
    public int PasswordIterations { get; init; } = Security.PasswordHasher.DefaultIterations;

    /// <summary>Days that real-server events are kept unless told otherwise.</summary>
    public const int DefaultEventRetentionDays = 30;

    /// <summary>Days that real-server events are kept (<c>--event-days</c>).</summary>
    public int EventRetentionDays { get; init; } = DefaultEventRetentionDays;

    /// <summary>The time before which history (events, failovers) is no longer kept, as of <paramref name="now"/>.</summary>
    public DateTimeOffset RetentionCutoff(DateTimeOffset now) => now - TimeSpan.FromDays(EventRetentionDays);

    /// <summary>The SQLite file.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, "piranhanet.db");

    /// <summary>
    /// The store when it is not the SQLite file in <see cref="DataDirectory"/> (<c>--store</c>, <c>Store__ConnectionString</c>):
    /// another SQLite file, or a PostgreSQL connection string or <c>postgres://</c> URL.
    /// </summary>
    public string? Store { get; init; }

    // What the record prints (a log line, a debugger): never the store's connection string, which may hold a password.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"DataDirectory = {DataDirectory}, Urls = {Urls}, Store = {(Store is null ? "the SQLite file in DataDirectory" : "given (not shown)")}, LocalAgent = {LocalAgent}");
        return true;
    }

    /// <summary>Where the store is: <see cref="Store"/>, else the SQLite file.</summary>
    public Data.StoreLocation StoreLocation => Store is { Length: > 0 } store ? Data.StoreLocation.Parse(store) : new Data.StoreLocation.Sqlite(DatabasePath);

    /// <summary>PIRANHANET_DATA, else the user's local data directory (~/.local/share/piranhanet).</summary>
    public static string DefaultDataDirectory() =>
        Environment.GetEnvironmentVariable("PIRANHANET_DATA") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "piranhanet");
}
