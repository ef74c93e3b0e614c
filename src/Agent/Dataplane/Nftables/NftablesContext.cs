using PiranhaNet.Agent.Interop;

namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>
/// Writes to the kernel's nf_tables through libnftables: <see cref="Run"/> sends a buffer of nft commands as one
/// transaction (the kernel takes all of it or none). Reads go around it (<see cref="NftablesReader"/>). Errors become
/// a <see cref="DataplaneException"/> with the library's message. Not thread-safe (one conversation at a time).
/// </summary>
internal sealed class NftablesContext : IDisposable
{
    private readonly NftablesContextHandle _commands;

    private NftablesContext(NftablesContextHandle commands) => _commands = commands;

    /// <summary>
    /// Opens the library in the calling thread's network namespace; a <see cref="DataplaneException"/> says why it
    /// cannot (the library is not installed).
    /// </summary>
    public static NftablesContext Open()
    {
        try
        {
            return new NftablesContext(LibNftables.NewContext());
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new DataplaneException($"libnftables is not installed (Debian package libnftables1): {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new DataplaneException($"libnftables cannot be used: {e.Message}", e);
        }
    }

    /// <summary>Runs <paramref name="commands"/> as one transaction; on any error nothing of it is in the kernel.</summary>
    public void Run(string commands)
    {
        var (result, _, error) = LibNftables.Run(_commands, commands);
        if (result != 0)
        {
            throw new DataplaneException($"nf_tables refused the change: {Describe(error)}");
        }
    }

    // The library's first error ("Could not process rule: No such file or directory"), without the input line it
    // echoes under it: for a buffer, libnftables 1.0.6 often echoes another line than the one it refused.
    private static string Describe(string error)
    {
        var first = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is null ? "no reason given" : first.StartsWith("Error: ", StringComparison.Ordinal) ? first["Error: ".Length..] : first;
    }

    public void Dispose() => _commands.Dispose();
}
