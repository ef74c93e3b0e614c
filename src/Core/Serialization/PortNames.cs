using System.Collections.Frozen;

namespace PiranhaNet.Core.Serialization;

/// <summary>
/// Service names accepted where lvs.cf takes a port (<c>port = http</c>). A built-in table, not the
/// machine's /etc/services, so a file means the same on every director.
/// </summary>
public static class PortNames
{
    private static readonly FrozenDictionary<string, int> s_ports = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["ftp-data"] = 20, ["ftp"] = 21, ["ssh"] = 22, ["telnet"] = 23, ["smtp"] = 25, ["domain"] = 53,
        ["dns"] = 53, ["tftp"] = 69, ["gopher"] = 70, ["finger"] = 79, ["http"] = 80, ["www"] = 80,
        ["kerberos"] = 88, ["pop3"] = 110, ["sunrpc"] = 111, ["auth"] = 113, ["nntp"] = 119, ["ntp"] = 123,
        ["imap"] = 143, ["imap2"] = 143, ["snmp"] = 161, ["snmp-trap"] = 162, ["bgp"] = 179, ["irc"] = 194,
        ["ldap"] = 389, ["https"] = 443, ["microsoft-ds"] = 445, ["smtps"] = 465, ["submissions"] = 465,
        ["syslog"] = 514, ["submission"] = 587, ["ldaps"] = 636, ["rsync"] = 873, ["ftps"] = 990,
        ["imaps"] = 993, ["pop3s"] = 995, ["ms-sql-s"] = 1433, ["radius"] = 1812, ["radius-acct"] = 1813,
        ["nfs"] = 2049, ["mysql"] = 3306, ["ms-wbt-server"] = 3389, ["rdp"] = 3389, ["sip"] = 5060,
        ["sips"] = 5061, ["xmpp-client"] = 5222, ["postgresql"] = 5432, ["amqp"] = 5672, ["redis"] = 6379,
        ["http-alt"] = 8080, ["webcache"] = 8080, ["https-alt"] = 8443, ["memcache"] = 11211,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The port of a service name, or null when the name is not in the table.</summary>
    public static int? Find(string name) => s_ports.TryGetValue(name, out var port) ? port : null;

    /// <summary>All known names, for suggestions.</summary>
    public static IEnumerable<string> Names => s_ports.Keys;
}
