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
