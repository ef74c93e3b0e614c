namespace PiranhaNet.Web.Cli;

/// <summary>Where a command reads and writes: standard input, standard output for results, standard error for problems.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error)
{
    /// <summary>Standard input (passwords for <c>passwd</c>).</summary>
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>True when a person types at a terminal: passwords are then read without echo, twice.</summary>
    public bool Interactive { get; init; }

    /// <summary>Exit code of success.</summary>
    public const int Ok = 0;

    /// <summary>Exit code when the input has problems (invalid lvs.cf, conflicting save).</summary>
    public const int Invalid = 1;

    /// <summary>Exit code of usage errors: bad arguments, unreadable files.</summary>
    public const int Usage = 2;
}
