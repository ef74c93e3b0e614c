using System.Net;
using System.Net.Sockets;
using PiranhaNet.Core.Importing;
using PiranhaNet.Core.Net;

namespace PiranhaNet.Core.Keepalived;

/// <summary>What a virtual server answers on: an address and port, or a firewall mark.</summary>
internal sealed record KeepalivedServiceAddress(string? Address, int Port, uint? FirewallMark)
{
    /// <summary>
    /// A name for the virtual server the model can hold (keepalived's have none); a UDP service is told from a TCP
    /// one on the same address and port (DNS answers on both).
    /// </summary>
    public string Name(string? group, Model.TransportProtocol protocol) =>
        (group is not null ? $"{group}_{(FirewallMark is { } m ? $"fwmark{m}" : $"{Address}_{Port}")}"
            : FirewallMark is { } mark ? $"fwmark_{mark}" : $"vs_{Address}_{Port}")
        + (FirewallMark is null && protocol == Model.TransportProtocol.Udp ? "_udp" : "");

    /// <summary>
    /// The addresses and ports of <c>IP PORT</c>, <c>IP-LAST PORT</c> (a range of the last part, as in
    /// virtual_server_group) or <c>fwmark N</c>; an error for anything else.
    /// </summary>
    public static IReadOnlyList<KeepalivedServiceAddress> Parse(IReadOnlyList<KeepalivedWord> words, FileLocation at, ImportDiagnostics diagnostics)
    {
        if (words is [{ Text: "fwmark" }, var markWord])
        {
            if (uint.TryParse(markWord.Text, out var mark) && mark > 0)
            {
                return [new KeepalivedServiceAddress(null, 0, mark)];
            }
            diagnostics.Error(markWord.Location, $"fwmark '{markWord.Text}' is not a mark from 1 to 4294967295");
            return [];
        }
        if (words is not [var addressWord, var portWord])
        {
            diagnostics.Error(at, $"expected 'IP PORT' or 'fwmark N', got '{string.Join(' ', words.Select(w => w.Text))}'");
            return [];
        }
        if (!int.TryParse(portWord.Text, out var port) || port is < 0 or > 65_535)
        {
            diagnostics.Error(portWord.Location, $"port '{portWord.Text}' is not a port from 0 to 65535");
            return [];
        }
        var addresses = Range(addressWord, diagnostics);
        return [.. addresses.Select(a => new KeepalivedServiceAddress(a, port, null))];
    }

    // "192.0.2.10-20" is .10 to .20 (at most 256 addresses); IPv6 ranges work on the last group the same way.
    private static IReadOnlyList<string> Range(KeepalivedWord word, ImportDiagnostics diagnostics)
    {
        var dash = word.Text.LastIndexOf('-');
        if (dash < 0)
        {
            if (AddressText.TryParse(word.Text, out _))
            {
                return [word.Text];
            }
            diagnostics.Error(word.Location, $"'{word.Text}' is not an IPv4 or IPv6 address");
            return [];
        }
        var first = word.Text[..dash];
        var ipv4 = AddressText.TryParse(first, out var start) && start.AddressFamily == AddressFamily.InterNetwork;
        // The last part is decimal for IPv4 and hexadecimal for IPv6, as the address's own parts are.
        var style = ipv4 ? System.Globalization.NumberStyles.None : System.Globalization.NumberStyles.AllowHexSpecifier;
        if (start is null || !int.TryParse(word.Text[(dash + 1)..], style, System.Globalization.CultureInfo.InvariantCulture, out var last))
        {
            diagnostics.Error(word.Location, $"'{word.Text}' is not an address range such as 192.0.2.10-20");
            return [];
        }
        var bytes = start.GetAddressBytes();
        var firstValue = ipv4 ? bytes[^1] : (bytes[^2] << 8) | bytes[^1];
        if (last < firstValue || last - firstValue >= 256 || last > (ipv4 ? 255 : 0xffff))
        {
            diagnostics.Error(word.Location, $"address range '{word.Text}' must end at or after its start and hold at most 256 addresses");
            return [];
        }
        var result = new List<string>();
        for (var value = firstValue; value <= last; value++)
        {
            if (ipv4)
            {
                bytes[^1] = (byte)value;
            }
            else
            {
                bytes[^2] = (byte)(value >> 8);
                bytes[^1] = (byte)value;
            }
            result.Add(new IPAddress(bytes).ToString());
        }
        return result;
    }
}
