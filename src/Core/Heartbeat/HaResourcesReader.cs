using PiranhaNet.Core.Importing;
using PiranhaNet.Core.Net;

namespace PiranhaNet.Core.Heartbeat;

/// <summary>An address a resource group moves: <c>IP[/MASK[/DEV[/BROADCAST]]]</c> or <c>IPaddr::...</c>.</summary>
public sealed record HeartbeatAddress(string Address, int? PrefixLength, string? Device, FileLocation Location);

/// <summary>A resource a group starts: <c>NAME</c> or <c>NAME::ARG::ARG</c>.</summary>
public sealed record HeartbeatResource(string Name, IReadOnlyList<string> Arguments, FileLocation Location);

/// <summary>One line of haresources: the preferred node, then its addresses and resources in start order.</summary>
public sealed record HeartbeatGroup(string PreferredNode, IReadOnlyList<HeartbeatAddress> Addresses, IReadOnlyList<HeartbeatResource> Resources, FileLocation Location);

/// <summary>Reads haresources.</summary>
public static class HaResourcesReader
{
    /// <summary>The resource groups, in file order.</summary>
    public static IReadOnlyList<HeartbeatGroup> Read(string text, string file, ImportDiagnostics diagnostics)
    {
        var groups = new List<HeartbeatGroup>();
        foreach (var line in HeartbeatLine.Split(text, file))
        {
            var addresses = new List<HeartbeatAddress>();
            var resources = new List<HeartbeatResource>();
            foreach (var word in line.Arguments)
            {
                var parts = word.Text.Split("::");
                if (parts[0] is "IPaddr" or "IPaddr2" && parts.Length == 2 && ReadAddress(parts[1], word.Location, diagnostics) is { } named)
                {
                    addresses.Add(named);
                }
                else if (parts.Length == 1 && LooksLikeAddress(parts[0]) && ReadAddress(parts[0], word.Location, diagnostics) is { } bare)
                {
                    addresses.Add(bare);
                }
                else if (!(parts.Length == 1 && LooksLikeAddress(parts[0])))
                {
                    resources.Add(new HeartbeatResource(parts[0], [.. parts.Skip(1)], word.Location));
                }
            }
            groups.Add(new HeartbeatGroup(line.Name, addresses, resources, line.Location));
        }
        return groups;
    }

    private static bool LooksLikeAddress(string word) => AddressText.TryParse(word.Split('/')[0], out _);

    private static HeartbeatAddress? ReadAddress(string text, FileLocation at, ImportDiagnostics diagnostics)
    {
        var parts = text.Split('/');
        if (!AddressText.TryParse(parts[0], out _))
        {
            diagnostics.Error(at, $"'{parts[0]}' is not an IPv4 or IPv6 address");
            return null;
        }
        int? prefix = null;
        if (parts.Length > 1)
        {
            if (!int.TryParse(parts[1], out var length) || length is < 0 or > 128)
            {
                diagnostics.Error(at, $"'{text}' has no valid prefix length after '/'");
                return null;
            }
            prefix = length;
        }
        if (parts.Length > 3)
        {
            diagnostics.Ignored(at, $"the broadcast address of {parts[0]} is not carried: PiranhaNet adds the address with the kernel's default");
        }
        return new HeartbeatAddress(parts[0], prefix, parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null, at);
    }
}
