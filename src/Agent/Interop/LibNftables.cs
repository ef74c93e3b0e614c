using System.Runtime.InteropServices;

namespace PiranhaNet.Agent.Interop;

/// <summary>
/// libnftables (Debian's libnftables1), the library behind the nft command: it parses nft's own command language and
/// turns a whole buffer of commands into one nf_tables netlink batch (one kernel transaction). The raw imports are private; <see cref="Dataplane.Nftables.NftablesContext"/> is the only user. The library keeps its netlink
/// socket in the context, opened in the network namespace of the thread that creates it.
/// </summary>
internal static partial class LibNftables
{
    /// <summary>The shared object Debian installs (libnftables1).</summary>
    public const string Library = "libnftables.so.1";

    /// <summary>NFT_CTX_DEFAULT: a context that talks to the kernel.</summary>
    private const uint ContextDefault = 0;

    /// <summary>A new context with buffered output and errors, or a <see cref="DllNotFoundException"/> without the library.</summary>
    public static NftablesContextHandle NewContext()
    {
        var handle = ContextNew(ContextDefault);
        if (handle.IsInvalid)
        {
            throw new InvalidOperationException("nft_ctx_new failed");
        }
        // Buffered, so nothing the library says reaches the agent's stdout or stderr; the caller reads it back.
        if (BufferOutput(handle) != 0 || BufferError(handle) != 0)
        {
            handle.Dispose();
            throw new InvalidOperationException("libnftables cannot buffer its output");
        }
        return handle;
    }

    /// <summary>Runs a buffer of commands; returns the library's result (0 when every command succeeded) and what it printed.</summary>
    public static (int Result, string Output, string Error) Run(NftablesContextHandle context, string commands)
    {
        var result = RunFromBuffer(context, commands);
        return (result, Marshal.PtrToStringUTF8(OutputBuffer(context)) ?? "", Marshal.PtrToStringUTF8(ErrorBuffer(context)) ?? "");
    }

    [LibraryImport(Library, EntryPoint = "nft_ctx_new")]
    private static partial NftablesContextHandle ContextNew(uint flags);

    [LibraryImport(Library, EntryPoint = "nft_ctx_free")]
    internal static partial void ContextFree(IntPtr context);

    [LibraryImport(Library, EntryPoint = "nft_ctx_buffer_output")]
    private static partial int BufferOutput(NftablesContextHandle context);

    [LibraryImport(Library, EntryPoint = "nft_ctx_buffer_error")]
    private static partial int BufferError(NftablesContextHandle context);

    [LibraryImport(Library, EntryPoint = "nft_run_cmd_from_buffer", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RunFromBuffer(NftablesContextHandle context, string commands);

    [LibraryImport(Library, EntryPoint = "nft_ctx_get_output_buffer")]
    private static partial IntPtr OutputBuffer(NftablesContextHandle context);

    [LibraryImport(Library, EntryPoint = "nft_ctx_get_error_buffer")]
    private static partial IntPtr ErrorBuffer(NftablesContextHandle context);
}

/// <summary>An nft_ctx, freed with nft_ctx_free.</summary>
internal sealed class NftablesContextHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        LibNftables.ContextFree(handle);
        return true;
    }
}
