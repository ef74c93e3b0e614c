namespace PiranhaNet.Web.Cli;

/// <summary>Where a command writes: standard output for results, standard error for problems.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error)
{
    /// <summary>Exit code of success.</summary>
    public const int Ok = 0;

    /// <summary>Exit code when the input has problems (invalid lvs.cf, conflicting save).</summary>
    public const int Invalid = 1;

    /// <summary>Exit code of usage errors: bad arguments, unreadable files.</summary>
    public const int Usage = 2;
}
