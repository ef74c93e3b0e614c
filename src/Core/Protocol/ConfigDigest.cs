using System.Security.Cryptography;
using System.Text;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Protocol;

/// <summary>
/// A configuration's fingerprint: SHA-256 of its JSON, hex. An agent's hello carries the one of the version in force,
/// so that a dashboard it moves to can tell it holds that version already, the same number and the same content (a
/// store started afresh numbers its versions from 1 again), and need not send it again.
/// </summary>
public static class ConfigDigest
{
    /// <summary>The fingerprint of <paramref name="config"/>.</summary>
    public static string Of(LvsConfig config) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(PiranhaJson.Serialize(config))));
}
