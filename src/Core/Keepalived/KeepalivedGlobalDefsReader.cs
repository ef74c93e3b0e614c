using PiranhaNet.Core.Importing;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Keepalived;

/// <summary>
/// <c>global_defs</c>: the IPVS connection timeouts and the connection sync daemon are carried; everything else there
/// tunes the keepalived process itself (mail, VRRP and checker internals, script users) and is named as not carried.
/// </summary>
internal static class KeepalivedGlobalDefsReader
{
    /// <summary>The global settings with what <paramref name="block"/> carries.</summary>
    public static GlobalSettingsConfig Read(KeepalivedStatement block, GlobalSettingsConfig global, ImportDiagnostics diagnostics)
    {
        foreach (var statement in block.Children)
        {
            switch (statement.Name)
            {
                case "lvs_timeouts":
                    global = global with { ConnectionTimeouts = ReadTimeouts(statement, global.ConnectionTimeouts, diagnostics) };
                    break;
                case "lvs_sync_daemon":
                    global = ReadSyncDaemon(statement, global, diagnostics);
                    break;
                case "router_id" or "lvs_id":
                    diagnostics.Ignored(statement.Location, $"{statement.Name} is not carried: directors are named when they are enrolled");
                    break;
                case var mail when mail.StartsWith("smtp_", StringComparison.Ordinal) || mail.StartsWith("notification_email", StringComparison.Ordinal) || mail == "email_faults":
                    diagnostics.Ignored(statement.Location, $"{mail} is not carried: PiranhaNet sends no mail; its events and failover history record what happened");
                    break;
                default:
                    diagnostics.Ignored(statement.Location, $"{statement.Name} is not carried: it tunes the keepalived process, which PiranhaNet's agent replaces");
                    break;
            }
        }
        return global;
    }

    // lvs_timeouts [tcp N] [tcpfin N] [udp N]
    private static ConnectionTimeoutsConfig ReadTimeouts(KeepalivedStatement statement, ConnectionTimeoutsConfig timeouts, ImportDiagnostics diagnostics)
    {
        var words = statement.Arguments;
        for (var i = 0; i + 1 < words.Count; i += 2)
        {
            if (!int.TryParse(words[i + 1].Text, out var seconds) || seconds < 0)
            {
                diagnostics.Error(words[i + 1].Location, $"lvs_timeouts {words[i].Text} '{words[i + 1].Text}' is not a number of seconds");
                continue;
            }
            timeouts = words[i].Text switch
            {
                "tcp" => timeouts with { Tcp = seconds },
                "tcpfin" => timeouts with { TcpFin = seconds },
                "udp" => timeouts with { Udp = seconds },
                _ => Unknown(words[i], timeouts, diagnostics),
            };
        }
        if (words.Count % 2 == 1)
        {
            diagnostics.Error(words[^1].Location, $"lvs_timeouts {words[^1].Text} has no value");
        }
        return timeouts;
    }

    private static ConnectionTimeoutsConfig Unknown(KeepalivedWord word, ConnectionTimeoutsConfig timeouts, ImportDiagnostics diagnostics)
    {
        diagnostics.Error(word.Location, $"lvs_timeouts '{word.Text}' is not tcp, tcpfin or udp");
        return timeouts;
    }

    // lvs_sync_daemon INTERFACE VRRP_INSTANCE [id N] [maxlen N] [port N] [ttl N] [group ADDR]
    private static GlobalSettingsConfig ReadSyncDaemon(KeepalivedStatement statement, GlobalSettingsConfig global, ImportDiagnostics diagnostics)
    {
        var words = statement.Arguments;
        if (words.Count < 1)
        {
            diagnostics.Error(statement.Location, "lvs_sync_daemon needs an interface");
            return global;
        }
        var sync = global.SyncDaemon with { Enabled = true, Interface = words[0].Text };
        for (var i = 2; i + 1 < words.Count; i += 2)
        {
            if (words[i].Text == "id" && int.TryParse(words[i + 1].Text, out var id) && id is >= 0 and <= 255)
            {
                sync = sync with { Id = id };
            }
            else if (words[i].Text == "id")
            {
                diagnostics.Error(words[i + 1].Location, $"lvs_sync_daemon id '{words[i + 1].Text}' is not from 0 to 255");
            }
            else
            {
                diagnostics.Ignored(words[i].Location, $"lvs_sync_daemon {words[i].Text} is not carried: the kernel's default is used");
            }
        }
        return global with { SyncDaemon = sync };
    }
}
