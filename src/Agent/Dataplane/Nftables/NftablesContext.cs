using System.Text.Json;
using PiranhaNet.Agent.Interop;

namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>
/// Talks to the kernel's nf_tables through libnftables: <see cref="Run"/> sends a buffer of nft commands as one
/// transaction (the kernel takes all of it or none), <see cref="List(IEnumerable{string}, bool)"/> reads objects back as JSON. Two library
/// contexts, because a context that lists as JSON also tries to read its input as JSON first. Errors become a
/// <see cref="DataplaneException"/> with the library's message. Not thread-safe (one conversation at a time).
/// </summary>
internal sealed class NftablesContext : IDisposable
{
    private readonly NftablesContextHandle _commands;
    private readonly NftablesContextHandle _listing;
    private readonly NftablesContextHandle _terseListing;

    private NftablesContext(NftablesContextHandle commands, NftablesContextHandle listing, NftablesContextHandle terseListing) =>
        (_commands, _listing, _terseListing) = (commands, listing, terseListing);

    /// <summary>
    /// Opens the library in the calling thread's network namespace and proves that this process may use nf_tables;
    /// a <see cref="DataplaneException"/> says why it cannot (library not installed, no CAP_NET_ADMIN, no nf_tables).
    /// </summary>
    public static NftablesContext Open()
    {
        var handles = new List<NftablesContextHandle>();
        try
        {
            foreach (var flags in new uint[] { 0, LibNftables.OutputJson, LibNftables.OutputJson | LibNftables.OutputTerse })
            {
                handles.Add(LibNftables.NewContext(flags));
            }
            var context = new NftablesContext(handles[0], handles[1], handles[2]);
            context.List("list tables");
            return context;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new DataplaneException($"libnftables is not installed (Debian package libnftables1): {e.Message}", e);
        }
        catch (Exception e) when (e is DataplaneException or InvalidOperationException)
        {
            handles.ForEach(h => h.Dispose());
            throw new DataplaneException($"nf_tables cannot be used: {e.Message}", e);
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

    /// <summary>
    /// Runs list commands and returns the objects they list (the "nftables" arrays of each document, joined),
    /// without the metainfo entries; <paramref name="terse"/> leaves out the elements of sets and maps. Each command
    /// is its own call: libnftables 1.0.6 fetches its cache for only one of several listed sets and fails the others.
    /// </summary>
    public IReadOnlyList<JsonElement> List(IEnumerable<string> commands, bool terse = false)
    {
        var objects = new List<JsonElement>();
        foreach (var command in commands)
        {
            var (result, output, error) = LibNftables.Run(terse ? _terseListing : _listing, command);
            if (result != 0)
            {
                throw new DataplaneException($"listing failed: {Describe(error)}");
            }
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                using var document = JsonDocument.Parse(line);
                foreach (var entry in document.RootElement.GetProperty("nftables").EnumerateArray())
                {
                    if (!entry.TryGetProperty("metainfo", out _))
                    {
                        objects.Add(entry.Clone());
                    }
                }
            }
        }
        return objects;
    }

    /// <summary>Runs one list command (see the other overload).</summary>
    public IReadOnlyList<JsonElement> List(string command, bool terse = false) => List([command], terse);

    // The library's first error ("Could not process rule: No such file or directory"), without the input line it
    // echoes under it: for a buffer, libnftables 1.0.6 often echoes another line than the one it refused.
    private static string Describe(string error)
    {
        var first = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is null ? "no reason given" : first.StartsWith("Error: ", StringComparison.Ordinal) ? first["Error: ".Length..] : first;
    }

    public void Dispose()
    {
        _commands.Dispose();
        _listing.Dispose();
        _terseListing.Dispose();
    }
}
