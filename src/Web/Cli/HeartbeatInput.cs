using PiranhaNet.Core.Heartbeat;
using PiranhaNet.Core.Importing;

namespace PiranhaNet.Web.Cli;

/// <summary>
/// A Heartbeat pair on the command line: a directory such as /etc/ha.d, or its ha.cf, with haresources (and
/// authkeys, when there is one) beside it.
/// </summary>
internal static class HeartbeatInput
{
    /// <summary>Whether <paramref name="path"/> names Heartbeat's files rather than one configuration file.</summary>
    public static bool Names(string path, string formatOption) =>
        formatOption == ConfigFileInput.Heartbeat || Directory.Exists(path) || Path.GetFileName(path) == "ha.cf";

    /// <summary>Reads the files and prints what was found; null (after saying why) when a file cannot be read.</summary>
    public static ImportReadResult? Read(string path, bool allowUnsupported, string command, CliContext cli)
    {
        var directory = Directory.Exists(path) ? path : Path.GetDirectoryName(path) is { Length: > 0 } parent ? parent : ".";
        if (CliOptions.ReadFile(Path.Combine(directory, "ha.cf"), command, cli) is not { } haCf
            || CliOptions.ReadFile(Path.Combine(directory, "haresources"), command, cli) is not { } haResources)
        {
            return null;
        }
        var authKeysPath = Path.Combine(directory, "authkeys");
        var authKeys = File.Exists(authKeysPath) ? CliOptions.ReadFile(authKeysPath, command, cli) : null;
        var read = HeartbeatConfigReader.Read(haCf, haResources, authKeys, directory, allowUnsupported);
        ConfigFileInput.WriteFindings(read, allowUnsupported, cli);
        return read;
    }
}
