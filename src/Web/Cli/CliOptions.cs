using System.CommandLine;

namespace PiranhaNet.Web.Cli;

/// <summary>Options and arguments several commands share.</summary>
internal static class CliOptions
{
    public static Option<string> Data() => new("--data")
    {
        Description = "Directory of the SQLite store ($PIRANHANET_DATA, else ~/.local/share/piranhanet)",
        DefaultValueFactory = _ => WebOptions.DefaultDataDirectory(),
    };

    /// <summary>
    /// <c>--store</c>, on the root and every command under it: the store when it is not the SQLite file in --data.
    /// </summary>
    public static Option<string?> Store { get; } = new("--store")
    {
        Description = "The store instead of the SQLite file in --data: a PostgreSQL connection string (Host=...;Database=...) or postgres:// URL, or another SQLite file ($Store__ConnectionString)",
        Recursive = true,
    };

    /// <summary>
    /// Where a command's store is: --data, and --store or else $Store__ConnectionString. The variable is read here, not
    /// as the option's default, because --help prints defaults and the connection string may hold a password.
    /// </summary>
    public static WebOptions StoreOf(ParseResult result, Option<string> data) => new()
    {
        DataDirectory = result.GetValue(data)!,
        Store = result.GetValue(Store) ?? (Environment.GetEnvironmentVariable("Store__ConnectionString") is { Length: > 0 } fromEnvironment ? fromEnvironment : null),
    };

    public static Option<string> Urls() => new("--urls")
    {
        Description = "URLs to listen on",
        DefaultValueFactory = _ => WebOptions.DefaultUrls,
    };

    public static Argument<string> File(string description) => new("file") { Description = description };

    /// <summary>Reads a file named on the command line, or reports why it cannot and returns null.</summary>
    public static string? ReadFile(string path, string command, CliContext cli)
    {
        try
        {
            return System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            cli.Error.WriteLine($"piranhanet {command}: cannot read '{path}': {e.Message}");
            return null;
        }
    }
}
