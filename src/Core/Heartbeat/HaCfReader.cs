using System.Globalization;
using PiranhaNet.Core.Importing;

namespace PiranhaNet.Core.Heartbeat;

/// <summary>Reads ha.cf; names every directive PiranhaNet does not carry.</summary>
public static class HaCfReader
{
    /// <summary>Directives whose loss changes nothing PiranhaNet does.</summary>
    private static readonly Dictionary<string, string> s_ignored = new(StringComparer.Ordinal)
    {
        ["logfacility"] = "the agent logs to the journal",
        ["logfile"] = "the agent logs to the journal",
        ["debugfile"] = "the agent logs to the journal",
        ["debug"] = "the agent logs to the journal",
        ["use_logd"] = "the agent logs to the journal",
        ["bcast"] = "PiranhaNet's directors heartbeat by unicast between their addresses",
        ["mcast"] = "PiranhaNet's directors heartbeat by unicast between their addresses",
        ["baud"] = "PiranhaNet has no serial heartbeat",
        ["serial"] = "PiranhaNet has no serial heartbeat",
        ["uuidfrom"] = "directors are named when they are enrolled",
        ["compression"] = "PiranhaNet's heartbeats are 72 bytes",
        ["traditional_compression"] = "PiranhaNet's heartbeats are 72 bytes",
        ["autojoin"] = "PiranhaNet's pair is its two configured directors",
    };

    /// <summary>Directives whose loss changes what the cluster does.</summary>
    private static readonly Dictionary<string, string> s_unsupported = new(StringComparer.Ordinal)
    {
        ["crm"] = "PiranhaNet is not a cluster resource manager: its failover services are what haresources starts",
        ["pacemaker"] = "PiranhaNet is not a cluster resource manager: its failover services are what haresources starts",
        ["respawn"] = "the agent runs no other daemons; run them under systemd",
        ["ping"] = "PiranhaNet fails over on a dead peer or a lost link, not on unreachable ping nodes",
        ["ping_group"] = "PiranhaNet fails over on a dead peer or a lost link, not on unreachable ping nodes",
        ["stonith"] = "PiranhaNet does not fence directors",
        ["stonith_host"] = "PiranhaNet does not fence directors",
        ["apiauth"] = "PiranhaNet has no Heartbeat API",
        ["deadping"] = "PiranhaNet fails over on a dead peer or a lost link, not on unreachable ping nodes",
    };

    /// <summary>What ha.cf carries.</summary>
    public static HaCf Read(string text, string file, ImportDiagnostics diagnostics)
    {
        var nodes = new List<string>();
        FileLocation? nodesAt = null;
        var keepalive = 2.0;
        var deadtime = 30.0;
        var port = 694;
        bool? autoFailback = null;
        var unicasts = new List<HeartbeatUnicast>();
        (double, FileLocation)? warnTime = null, initDead = null;
        foreach (var line in HeartbeatLine.Split(text, file))
        {
            switch (line.Name)
            {
                case "node":
                    nodesAt ??= line.Location;
                    nodes.AddRange(line.Arguments.Select(a => a.Text));
                    break;
                case "keepalive":
                    keepalive = Seconds(line, diagnostics) ?? keepalive;
                    break;
                case "deadtime":
                    deadtime = Seconds(line, diagnostics) ?? deadtime;
                    break;
                case "warntime":
                    warnTime = Seconds(line, diagnostics) is { } warn ? (warn, line.Location) : warnTime;
                    break;
                case "initdead":
                    initDead = Seconds(line, diagnostics) is { } init ? (init, line.Location) : initDead;
                    break;
                case "udpport":
                    if (line.Arguments is [var portWord] && int.TryParse(portWord.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 65_535)
                    {
                        port = p;
                    }
                    else
                    {
                        diagnostics.Error(line.Location, "udpport takes one port from 1 to 65535");
                    }
                    break;
                case "auto_failback":
                    autoFailback = ReadAutoFailback(line, diagnostics) ?? autoFailback;
                    break;
                case "ucast" when line.Arguments is [var device, var address]:
                    unicasts.Add(new HeartbeatUnicast(device.Text, address.Text, line.Location));
                    break;
                case "ucast":
                    diagnostics.Error(line.Location, "ucast takes an interface and an address, e.g. ucast eth0 192.0.2.2");
                    break;
                case var name when s_ignored.TryGetValue(name, out var why):
                    diagnostics.Ignored(line.Location, $"{name} is not carried: {why}");
                    break;
                case var name when s_unsupported.TryGetValue(name, out var why):
                    diagnostics.NotCarried(line.Location, $"{name} is not carried: {why}");
                    break;
                default:
                    diagnostics.NotCarried(line.Location, $"'{line.Name}' in ha.cf is not carried (PiranhaNet has no such setting)");
                    break;
            }
        }
        return new HaCf(nodes, keepalive, deadtime, port, autoFailback, unicasts, nodesAt ?? new FileLocation(file, 1, 1), warnTime, initDead);
    }

    private static bool? ReadAutoFailback(HeartbeatLine line, ImportDiagnostics diagnostics)
    {
        switch (line.Arguments is [var value] ? value.Text : null)
        {
            case "on" or "yes" or "true":
                return true;
            case "off" or "no" or "false":
                return false;
            case "legacy":
                diagnostics.NotCarried(line.Location, "auto_failback legacy is not carried: PiranhaNet's primary takes the work back (on) or never does (off)");
                return null;
            default:
                diagnostics.Error(line.Location, "auto_failback takes on, off or legacy");
                return null;
        }
    }

    // Heartbeat's times: seconds, fractions allowed, or with an "ms" or "s" suffix.
    private static double? Seconds(HeartbeatLine line, ImportDiagnostics diagnostics)
    {
        if (line.Arguments is [var word])
        {
            var text = word.Text;
            var scale = text.EndsWith("ms", StringComparison.Ordinal) ? 0.001 : 1;
            text = text.EndsWith("ms", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('s') ? text[..^1] : text;
            if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0 && value * scale <= 86_400)
            {
                return Math.Round(value * scale, 3);
            }
        }
        diagnostics.Error(line.Location, $"{line.Name} takes a time such as 2, 1.5 or 500ms");
        return null;
    }
}
