using Npgsql;

namespace PiranhaNet.Web.Data;

/// <summary>
/// Where the store is, as given by <c>--store</c> or <c>Store__ConnectionString</c>: a SQLite file (a path), or a
/// PostgreSQL database (Npgsql's <c>Host=...;Database=...</c>, or a <c>postgres://user:password@host:port/database</c>
/// URL as PostgreSQL's own tools take it).
/// </summary>
public abstract record StoreLocation
{
    /// <summary>The SQLite file at <paramref name="Path"/>.</summary>
    public sealed record Sqlite(string Path) : StoreLocation;

    /// <summary>The PostgreSQL database <paramref name="ConnectionString"/> names (Npgsql's form; it may hold a password).</summary>
    public sealed record Postgres(string ConnectionString) : StoreLocation
    {
        /// <summary>Never the connection string: it may hold a password.</summary>
        public override string ToString() => "PostgreSQL store";
    }

    /// <summary>
    /// The location <paramref name="text"/> names. Throws <see cref="ArgumentException"/> naming what is wrong with a
    /// URL or connection string, without repeating it (it may hold a password).
    /// </summary>
    public static StoreLocation Parse(string text)
    {
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new Postgres(FromUrl(text));
        }
        if (text.Contains('=', StringComparison.Ordinal))
        {
            try
            {
                return new Postgres(new NpgsqlConnectionStringBuilder(text).ConnectionString);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"--store: not a PostgreSQL connection string: {e.Message}", nameof(text));
            }
        }
        return new Sqlite(text);
    }

    // postgres://[user[:password]@]host[:port][/database][?key=value&...]; the query's keys are Npgsql's (sslmode=require).
    private static string FromUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Host.Length == 0)
        {
            throw new ArgumentException("--store: a postgres:// URL needs a host: postgres://user:password@host:5432/database", nameof(text));
        }
        var builder = new NpgsqlConnectionStringBuilder { Host = url.Host };
        if (url.Port > 0)
        {
            builder.Port = url.Port;
        }
        if (url.UserInfo.Split(':', 2) is [var user, ..] && user.Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(user);
            if (url.UserInfo.Split(':', 2) is [_, var password])
            {
                builder.Password = Uri.UnescapeDataString(password);
            }
        }
        if (url.AbsolutePath.Trim('/') is { Length: > 0 } database)
        {
            builder.Database = Uri.UnescapeDataString(database);
        }
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (k, v) : (pair, "");
            try
            {
                builder[Uri.UnescapeDataString(key)] = Uri.UnescapeDataString(value);
            }
            catch (ArgumentException)
            {
                throw new ArgumentException($"--store: the URL's parameter '{Uri.UnescapeDataString(key)}' is not one PostgreSQL's driver knows", nameof(text));
            }
        }
        return builder.ConnectionString;
    }
}
