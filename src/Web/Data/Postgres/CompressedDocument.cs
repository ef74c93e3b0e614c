using System.IO.Compression;
using System.Text;

namespace PiranhaNet.Web.Data.Postgres;

/// <summary>
/// A version's JSON as PostgreSQL keeps it: gzip of its UTF-8. A whole version of 10,000 virtual servers is 15 MiB of
/// JSON and about 0.6 MiB compressed; read from the server uncompressed it took some 150 ms to cross the socket before
/// the parse even began, compressed a few ms and about 50 ms to inflate. (SQLite's documents are read in the process
/// and stay plain text.)
/// </summary>
internal static class CompressedDocument
{
    /// <summary>The compressed UTF-8 of <paramref name="json"/>.</summary>
    public static byte[] Compress(string json) => Compress(Encoding.UTF8.GetBytes(json));

    /// <summary>The compressed <paramref name="utf8Json"/>.</summary>
    public static byte[] Compress(byte[] utf8Json)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(utf8Json);
        }
        return compressed.ToArray();
    }

    /// <summary>The UTF-8 JSON <paramref name="compressed"/> holds.</summary>
    public static byte[] Decompress(byte[] compressed)
    {
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var plain = new MemoryStream(compressed.Length * 16);
        gzip.CopyTo(plain);
        return plain.ToArray();
    }
}
