using System.CommandLine;
using PiranhaNet.Core.Importing;
using PiranhaNet.Core.Keepalived;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Web.Cli;

/// <summary>
/// The configuration file that check, convert and import read: an lvs.cf or a keepalived.conf, told apart by its
/// content unless <c>--format</c> says, and what reading it found, printed as compiler-style lines on stderr.
/// </summary>
internal static class ConfigFileInput
{
    public const string Auto = "auto";
    public const string LvsCf = "lvs.cf";
    public const string Keepalived = "keepalived";
    public const string Heartbeat = "heartbeat";

    public static Option<string> Format()
    {
        var format = new Option<string>("--format")
        {
            Description = "The file's format: lvs.cf, keepalived (keepalived.conf) or heartbeat (a directory with ha.cf and haresources); auto tells them apart",
            DefaultValueFactory = _ => Auto,
        };
        format.AcceptOnlyFromAmong(Auto, LvsCf, Keepalived, Heartbeat);
        return format;
    }

    public static Option<bool> AllowUnsupported() => new("--allow-unsupported")
    {
        Description = "keepalived.conf: go on when settings cannot be carried (each is listed as dropped) instead of refusing the file",
    };

    /// <summary>The format of <paramref name="text"/> as the option asks.</summary>
    public static ConfigFileFormat FormatOf(string option, string text) => option switch
    {
        LvsCf => ConfigFileFormat.LvsCf,
        Keepalived => ConfigFileFormat.Keepalived,
        _ => ConfigFileFormatDetector.Detect(text),
    };

    /// <summary>
    /// A configuration file (or Heartbeat's directory) as read: <see cref="Config"/> is null when it has errors (or
    /// unsupported settings that were not allowed); <see cref="Foreign"/> is what reading another tool's files found.
    /// </summary>
    public sealed record Loaded(string Kind, LvsConfig? Config, ImportReadResult? Foreign);

    /// <summary>
    /// Reads and validates <paramref name="path"/> in the format <paramref name="formatOption"/> names (or tells it
    /// by its content) and prints every problem, warning and dropped setting. Null, after saying why, when a file
    /// cannot be read.
    /// </summary>
    public static Loaded? Load(string path, string formatOption, bool allowUnsupported, string command, CliContext cli)
    {
        if (HeartbeatInput.Names(path, formatOption))
        {
            return HeartbeatInput.Read(path, allowUnsupported, command, cli) is { } pair ? new Loaded("Heartbeat", pair.Config, pair) : null;
        }
        if (CliOptions.ReadFile(path, command, cli) is not { } text)
        {
            return null;
        }
        if (FormatOf(formatOption, text) == ConfigFileFormat.LvsCf)
        {
            var lvs = LvsConfigChecker.Check(text, path);
            CheckCommand.WriteErrors(lvs, cli);
            return new Loaded("lvs.cf", lvs.Config, Foreign: null);
        }
        var read = KeepalivedConfigReader.Read(text, path, KeepalivedFileSystem.Instance, allowUnsupported);
        WriteFindings(read, allowUnsupported, cli);
        return new Loaded("keepalived.conf", read.Config, read);
    }

    /// <summary>
    /// What reading another tool's files found: errors, then settings not carried (refused or dropped), then
    /// warnings, each FILE:LINE:COL: on stderr.
    /// </summary>
    public static void WriteFindings(ImportReadResult read, bool allowUnsupported, CliContext cli)
    {
        foreach (var error in read.Errors)
        {
            cli.Error.WriteLine(error.ToString());
        }
        foreach (var unsupported in read.Unsupported)
        {
            cli.Error.WriteLine(Tagged(unsupported, allowUnsupported ? "dropped" : "error"));
        }
        foreach (var warning in read.Warnings)
        {
            cli.Error.WriteLine(Tagged(warning, "warning"));
        }
        if (read.Unsupported.Count > 0 && !allowUnsupported && read.Errors.Count == 0)
        {
            cli.Error.WriteLine($"{read.Unsupported.Count} setting(s) cannot be carried; nothing was read. --allow-unsupported goes on without them.");
        }
    }

    private static string Tagged(LvsParseError finding, string tag) => $"{finding.File}:{finding.Line}:{finding.Column}: {tag}: {finding.Message}";
}
