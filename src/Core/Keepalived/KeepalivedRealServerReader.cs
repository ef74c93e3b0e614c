using PiranhaNet.Core.Importing;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Net;

namespace PiranhaNet.Core.Keepalived;

/// <summary>
/// The <c>real_server</c> blocks of a virtual server. keepalived gives each real server its own checker and
/// inhibit_on_failure; the model holds one health check and one quiesce setting per virtual server, so they are
/// carried when every real server agrees (the first one's win) and each one that differs is named as not carried.
/// </summary>
internal static class KeepalivedRealServerReader
{
    /// <summary>The virtual server with its real servers, health check and quiesce setting.</summary>
    public sealed record Result(VirtualServerConfig Server);

    /// <summary>Reads every real server of <paramref name="server"/>.</summary>
    public static Result ReadAll(IReadOnlyList<KeepalivedStatement> blocks, VirtualServerConfig server, KeepalivedCheckerDefaults defaults, ImportDiagnostics diagnostics)
    {
        var realServers = new List<RealServerConfig>();
        KeepalivedChecker? shared = null;
        bool? quiesce = null;
        foreach (var block in blocks)
        {
            var (realServer, checker, inhibit) = ReadOne(block, defaults, diagnostics);
            if (realServer is null)
            {
                continue;
            }
            checker = WithHostPlaceholder(checker, realServer);
            if (realServer.Port is null && checker?.ConnectPort is { } connectPort)
            {
                // Without a port of its own, the real server is reached where its checker connects.
                realServer = realServer with { Name = NameOf(realServer.Address, connectPort.ToString(System.Globalization.CultureInfo.InvariantCulture)), Port = connectPort };
            }
            realServers.Add(realServer);
            if (checker is null)
            {
                diagnostics.Ignored(block.Location, $"real server {realServer.Address} has no checker: PiranhaNet checks it with a TCP connect (keepalived would never take it out)");
            }
            else
            {
                CheckWhereItConnects(checker, realServer, server, diagnostics);
            }
            if (checker is not null && shared is null)
            {
                shared = checker;
            }
            else if (checker is not null && shared is not null && checker.Check != shared.Check)
            {
                diagnostics.NotCarried(checker.Location, $"this checker differs from the one of the first real server (line {shared.Location.Line}): PiranhaNet checks every real server of a virtual server the same way");
            }
            if (quiesce is null)
            {
                quiesce = inhibit;
            }
            else if (quiesce != inhibit)
            {
                diagnostics.NotCarried(block.Location, $"inhibit_on_failure {(inhibit ? "on" : "off")} here differs from the first real server's: PiranhaNet quiesces all of a virtual server's real servers or none");
            }
        }
        if (shared is not null && shared.RetryDelay is { } delay && Math.Abs(delay - server.Timeout) > 0.001 && shared.Check.Fall > 1)
        {
            diagnostics.Ignored(shared.Location, $"delay_before_retry {delay:0.###} is not carried: PiranhaNet checks again after delay_loop ({server.Timeout} s), so a failed server leaves after {shared.Check.Fall} failed checks {server.Timeout} s apart");
        }
        return new Result(server with
        {
            RealServers = [.. realServers],
            HealthCheck = shared?.Check ?? server.HealthCheck,
            QuiesceServer = quiesce ?? false,
        });
    }

    // A script that names its real server's address ("dig @192.0.2.54") is the same check for every real server once
    // the address is PiranhaNet's %h, which the agent replaces with the address of the server being checked.
    private static KeepalivedChecker? WithHostPlaceholder(KeepalivedChecker? checker, RealServerConfig realServer)
    {
        if (checker is not { Check: { Kind: HealthCheckKind.Program, SendProgram: { } program } })
        {
            return checker;
        }
        var own = new System.Text.RegularExpressions.Regex($"(?<![0-9A-Za-z.:]){System.Text.RegularExpressions.Regex.Escape(realServer.Address)}(?![0-9A-Za-z.:])",
            System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return checker with { Check = checker.Check with { SendProgram = own.Replace(program, "%h") } };
    }

    /// <summary>The model's name for a real server (keepalived's have none).</summary>
    public static string NameOf(string address, string port) => $"rs_{address}_{port}";

    private static (RealServerConfig? Server, KeepalivedChecker? Checker, bool Inhibit) ReadOne(KeepalivedStatement block, KeepalivedCheckerDefaults defaults, ImportDiagnostics diagnostics)
    {
        // A firewall-mark virtual server's real servers may leave the port out (keepalived clears it there anyway).
        var portWord = block.Arguments.Count == 2 ? block.Arguments[1] : null;
        var port = 0;
        if (block.Arguments.Count is not (1 or 2) || (portWord is not null && (!int.TryParse(portWord.Text, out port) || port is < 0 or > 65_535)))
        {
            diagnostics.Error(block.Location, "real_server takes an address and a port, e.g. real_server 192.0.2.21 80");
            return (null, null, false);
        }
        var addressWord = block.Arguments[0];
        if (!AddressText.TryParse(addressWord.Text, out _))
        {
            diagnostics.Error(addressWord.Location, $"'{addressWord.Text}' is not an IPv4 or IPv6 address");
            return (null, null, false);
        }
        var server = new RealServerConfig
        {
            Name = NameOf(addressWord.Text, portWord?.Text ?? "0"),
            Address = addressWord.Text,
            Port = portWord is null ? null : port,
            Active = true,
        };
        KeepalivedChecker? checker = null;
        var inhibit = false;
        foreach (var statement in block.Children)
        {
            switch (statement.Name)
            {
                case "weight":
                    server = server with { Weight = KeepalivedValues.Integer(statement, diagnostics, 0, 65_535) ?? server.Weight };
                    break;
                case "inhibit_on_failure":
                    inhibit = KeepalivedValues.Boolean(statement, diagnostics) ?? inhibit;
                    break;
                case "uthreshold":
                    server = server with { UpperThreshold = KeepalivedValues.Integer(statement, diagnostics, 0, 65_535) ?? 0 };
                    break;
                case "lthreshold":
                    server = server with { LowerThreshold = KeepalivedValues.Integer(statement, diagnostics, 0, 65_535) ?? 0 };
                    break;
                case "notify_up":
                    server = server with { NotifyUp = KeepalivedValues.Command(statement, diagnostics) };
                    break;
                case "notify_down":
                    server = server with { NotifyDown = KeepalivedValues.Command(statement, diagnostics) };
                    break;
                case var name when KeepalivedCheckerReader.IsChecker(name):
                    var read = KeepalivedCheckerReader.Read(statement, defaults, diagnostics);
                    if (checker is not null && read is not null)
                    {
                        diagnostics.NotCarried(statement.Location, $"a second checker is not carried: PiranhaNet runs one check per real server (the first, {checker.Check.Kind}, is kept)");
                    }
                    checker ??= read;
                    break;
                case "smtp_alert":
                    diagnostics.Ignored(statement.Location, "smtp_alert is not carried: PiranhaNet sends no mail; its events record what happened");
                    break;
                default:
                    diagnostics.NotCarried(statement.Location, $"'{statement.Name}' in real_server is not carried (PiranhaNet has no such setting)");
                    break;
            }
        }
        return (server, checker, inhibit);
    }

    // PiranhaNet checks a real server at its own address and port; a checker aimed elsewhere checks something else.
    private static void CheckWhereItConnects(KeepalivedChecker checker, RealServerConfig realServer, VirtualServerConfig server, ImportDiagnostics diagnostics)
    {
        if (checker.Check.Kind == HealthCheckKind.Program)
        {
            return;
        }
        var servicePort = realServer.Port ?? server.Port;
        if (checker.ConnectPort is { } port && port != servicePort)
        {
            diagnostics.NotCarried(checker.Location, $"connect_port {port} is not carried: PiranhaNet checks the port the real server serves ({servicePort})");
        }
        if (checker.ConnectAddress is { } address && address != realServer.Address)
        {
            diagnostics.NotCarried(checker.Location, $"connect_ip {address} is not carried: PiranhaNet checks the real server's own address ({realServer.Address})");
        }
    }
}
