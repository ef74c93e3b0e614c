using PiranhaNet.Core.Net;

namespace PiranhaNet.Core.Importing;

/// <summary>The model's mask of an imported <c>ADDRESS/PREFIX</c> (keepalived and Heartbeat write masks as prefixes).</summary>
public static class PrefixNetmask
{
    /// <summary>The mask of <paramref name="address"/>/<paramref name="prefix"/>, or null without a prefix.</summary>
    public static string? Of(string address, int? prefix) =>
        prefix is { } length && AddressText.TryParse(address, out var ip) ? AddressText.FormatNetmask(ip.AddressFamily, length) : null;
}
