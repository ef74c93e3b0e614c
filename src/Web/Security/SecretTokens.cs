using System.Security.Cryptography;
using System.Text;

namespace PiranhaNet.Web.Security;

/// <summary>
/// Random bearer secrets (directors' enrolment tokens, users' API tokens): 256 random bits in URL-safe base64, shown
/// once; only their SHA-256 is stored, which is enough for a secret with no dictionary to guess from, so a copy of the
/// database cannot authenticate.
/// </summary>
public static class SecretTokens
{
    /// <summary>A new secret, after <paramref name="prefix"/> (which tells a leaked one's kind at a glance, as in secret scanners).</summary>
    public static string New(string prefix = "") =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The stored form of a secret.</summary>
    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
