using System.Security.Cryptography;

namespace PiranhaNet.Core.Redundancy;

/// <summary>The cluster's heartbeat key: 32 random bytes, handled as base64, shown to people only as a fingerprint.</summary>
public static class HeartbeatKey
{
    /// <summary>The key length in bytes (HMAC-SHA256's block is larger; its output is this long).</summary>
    public const int Length = 32;

    /// <summary>A new random key, base64.</summary>
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(Length));

    /// <summary>The key's bytes, or null when <paramref name="base64"/> is not a key of <see cref="Length"/> bytes.</summary>
    public static byte[]? TryDecode(string? base64)
    {
        var bytes = new byte[Length];
        return base64 is not null && Convert.TryFromBase64String(base64, bytes, out var written) && written == Length ? bytes : null;
    }

    /// <summary>
    /// The first 8 hex digits of the key's SHA-256: enough to see that two directors hold the same key, and
    /// nothing that helps to guess it.
    /// </summary>
    public static string Fingerprint(ReadOnlySpan<byte> key) => Convert.ToHexStringLower(SHA256.HashData(key))[..8];

    /// <summary>The fingerprint of a key given as base64; throws <see cref="ArgumentException"/> when it is not a key.</summary>
    public static string Fingerprint(string base64) =>
        TryDecode(base64) is { } key ? Fingerprint(key) : throw new ArgumentException("not a heartbeat key", nameof(base64));
}
