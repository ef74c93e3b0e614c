using PiranhaNet.Web.Cli;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Cli;

/// <summary>Runs the command line in this process against files in a temporary directory of the test's own.</summary>
public abstract class CliTestBase : IDisposable
{
    protected TempDirectory Temp { get; } = new();

    public void Dispose()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes a file in the test's directory; returns its path.</summary>
    protected string Write(string name, string text)
    {
        var path = Temp.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs <c>piranhanet ARGS</c>: its exit code, standard output and standard error.</summary>
    protected static Task<(int Code, string Out, string Error)> RunAsync(params string[] args) => RunWithInputAsync("", args);

    /// <summary>Runs <c>piranhanet ARGS</c> with <paramref name="input"/> as its standard input (a pipe, not a terminal).</summary>
    protected static async Task<(int Code, string Out, string Error)> RunWithInputAsync(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PiranhaCli.RunAsync(args, new CliContext(output, error) { In = new StringReader(input) });
        return (code, output.ToString(), error.ToString());
    }
}
