using PiranhaNet.Core.Importing;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Keepalived;

/// <summary>
/// One real server's checker as keepalived.conf states it, in the model's terms: the health check it becomes, and
/// the port and address it connects to (PiranhaNet checks a real server where it serves, so those must agree).
/// </summary>
/// <param name="Check">The health check (kind, timeout, fall and rise, HTTP or program details).</param>
/// <param name="Location">Where the checker block starts.</param>
/// <param name="ConnectPort">connect_port, when given.</param>
/// <param name="ConnectAddress">connect_ip, when given.</param>
/// <param name="RetryDelay">delay_before_retry in seconds, when given.</param>
internal sealed record KeepalivedChecker(HealthCheckConfig Check, FileLocation Location, int? ConnectPort, string? ConnectAddress, double? RetryDelay);

/// <summary>Defaults a virtual server gives its real servers' checkers (keepalived 2 allows them there).</summary>
internal sealed record KeepalivedCheckerDefaults(double? ConnectTimeout, int? Retry, double? RetryDelay, string? VirtualHost)
{
    /// <summary>No defaults.</summary>
    public static KeepalivedCheckerDefaults None { get; } = new(null, null, null, null);
}

/// <summary>Reads TCP_CHECK, HTTP_GET, SSL_GET and MISC_CHECK blocks; names every other checker as not carried.</summary>
internal static class KeepalivedCheckerReader
{
    /// <summary>The checker keywords PiranhaNet has no counterpart for, with why.</summary>
    private static readonly Dictionary<string, string> s_unsupported = new(StringComparer.Ordinal)
    {
        ["SMTP_CHECK"] = "PiranhaNet has no SMTP check; a TCP_CHECK on the port, or a MISC_CHECK script, can stand in",
        ["DNS_CHECK"] = "PiranhaNet has no DNS check; a MISC_CHECK script (e.g. dig) can stand in",
        ["BFD_CHECK"] = "PiranhaNet has no BFD",
        ["UDP_CHECK"] = "PiranhaNet's UDP check sends the virtual server's configured string instead; set it after import",
        ["PING_CHECK"] = "PiranhaNet has no ICMP check",
        ["FILE_CHECK"] = "PiranhaNet has no file check; a MISC_CHECK script can test the file",
    };

    /// <summary>Whether <paramref name="keyword"/> names a checker block.</summary>
    public static bool IsChecker(string keyword) => keyword is "TCP_CHECK" or "HTTP_GET" or "SSL_GET" or "MISC_CHECK" || s_unsupported.ContainsKey(keyword);

    /// <summary>The checker, or null when it is one PiranhaNet cannot run (recorded as not carried).</summary>
    public static KeepalivedChecker? Read(KeepalivedStatement block, KeepalivedCheckerDefaults defaults, ImportDiagnostics diagnostics)
    {
        if (s_unsupported.TryGetValue(block.Name, out var why))
        {
            diagnostics.NotCarried(block.Location, $"{block.Name} is not carried: {why}");
            return null;
        }
        var check = new HealthCheckConfig
        {
            Kind = block.Name switch
            {
                "HTTP_GET" => HealthCheckKind.Http,
                "SSL_GET" => HealthCheckKind.Https,
                "MISC_CHECK" => HealthCheckKind.Program,
                _ => HealthCheckKind.Connect,
            },
            // keepalived's SSL_GET does not verify the server's certificate.
            VerifyTls = block.Name != "SSL_GET",
            HttpHost = block.Name is "HTTP_GET" or "SSL_GET" ? defaults.VirtualHost : null,
        };
        double? timeout = defaults.ConnectTimeout;
        var retry = defaults.Retry;
        var retryDelay = defaults.RetryDelay;
        int? connectPort = null;
        string? connectAddress = null;
        var urls = 0;
        foreach (var statement in block.Children)
        {
            switch (statement.Name)
            {
                case "connect_timeout" or "misc_timeout":
                    timeout = KeepalivedValues.Seconds(statement, diagnostics) ?? timeout;
                    break;
                case "retry" or "nb_get_retry":
                    retry = KeepalivedValues.Integer(statement, diagnostics, 0, 100) ?? retry;
                    break;
                case "delay_before_retry":
                    retryDelay = KeepalivedValues.Seconds(statement, diagnostics) ?? retryDelay;
                    break;
                case "connect_port":
                    connectPort = KeepalivedValues.Integer(statement, diagnostics, 1, 65_535);
                    break;
                case "connect_ip":
                    connectAddress = KeepalivedValues.Single(statement, diagnostics)?.Text;
                    break;
                case "url" when check.Kind is HealthCheckKind.Http or HealthCheckKind.Https:
                    if (++urls > 1)
                    {
                        diagnostics.NotCarried(statement.Location, "a second url is not carried: PiranhaNet checks one path per virtual server");
                        break;
                    }
                    check = ReadUrl(statement, check, diagnostics);
                    break;
                case "virtualhost" when check.Kind is HealthCheckKind.Http or HealthCheckKind.Https:
                    check = check with { HttpHost = KeepalivedValues.Single(statement, diagnostics)?.Text };
                    break;
                case "misc_path" when check.Kind == HealthCheckKind.Program:
                    check = check with { SendProgram = KeepalivedValues.Command(statement, diagnostics) };
                    break;
                case "misc_dynamic" when check.Kind == HealthCheckKind.Program:
                    check = check with { DynamicWeight = KeepalivedValues.Boolean(statement, diagnostics) ?? true };
                    break;
                case "user" when check.Kind == HealthCheckKind.Program:
                    diagnostics.NotCarried(statement.Location, "user is not carried: the agent runs check programs as its own user");
                    break;
                case "warmup":
                    diagnostics.Ignored(statement.Location, "warmup is not carried: PiranhaNet starts checking at once (only the first check's moment differs)");
                    break;
                case "bindto" or "bind_port" or "bind_if" or "fwmark":
                    diagnostics.NotCarried(statement.Location, $"{statement.Name} is not carried: PiranhaNet checks from the director's own address and port");
                    break;
                case "enable_sni" or "tls_compliant" or "http_protocol" or "close":
                    diagnostics.Ignored(statement.Location, $"{statement.Name} is not carried: PiranhaNet's HTTP(S) check always sends SNI and a Host header and closes the connection");
                    break;
                default:
                    diagnostics.NotCarried(statement.Location, $"'{statement.Name}' in {block.Name} is not carried (PiranhaNet has no such setting)");
                    break;
            }
        }
        if (check.Kind == HealthCheckKind.Program && check.SendProgram is null)
        {
            diagnostics.Error(block.Location, "MISC_CHECK needs misc_path (the script to run)");
        }
        if (check.Kind == HealthCheckKind.Program && !check.DynamicWeight)
        {
            diagnostics.Ignored(block.Location, "MISC_CHECK: PiranhaNet counts any exit code but 0 as down (keepalived counts 2-255 as up)");
        }
        check = check with
        {
            ResponseTimeout = KeepalivedValues.WholeSeconds(timeout ?? 5),
            // keepalived tries again `retry` times (1 by default, 0 for MISC_CHECK) before it takes a server out,
            // and puts it back after one good check.
            Fall = (retry ?? (check.Kind == HealthCheckKind.Program ? 0 : 1)) + 1,
            Rise = 1,
        };
        return new KeepalivedChecker(check, block.Location, connectPort, connectAddress, retryDelay ?? 1);
    }

    private static HealthCheckConfig ReadUrl(KeepalivedStatement url, HealthCheckConfig check, ImportDiagnostics diagnostics)
    {
        var codes = new List<string>();
        foreach (var statement in url.Children)
        {
            switch (statement.Name)
            {
                case "path":
                    check = check with { HttpPath = KeepalivedValues.Single(statement, diagnostics)?.Text ?? check.HttpPath };
                    break;
                case "status_code":
                    codes.AddRange(statement.Arguments.Select(a => a.Text));
                    break;
                case "regex":
                    check = check with { HttpBodyRegex = KeepalivedValues.Single(statement, diagnostics)?.Text };
                    break;
                case "virtualhost":
                    check = check with { HttpHost = KeepalivedValues.Single(statement, diagnostics)?.Text };
                    break;
                case "digest":
                    diagnostics.NotCarried(statement.Location, "digest is not carried: PiranhaNet does not compare an MD5 of the page; a regex on the body can stand in");
                    break;
                default:
                    diagnostics.NotCarried(statement.Location, $"'{statement.Name}' in url is not carried (PiranhaNet has no such setting)");
                    break;
            }
        }
        if (codes.Count == 0)
        {
            // keepalived accepts any 2xx when no status_code (and no digest) is given.
            return check with { HttpStatusCodes = "200-299" };
        }
        var text = string.Join(',', codes);
        if (!HttpStatusCodeRanges.TryParse(text, out _, out var error))
        {
            diagnostics.Error(url.Location, $"status_code '{string.Join(' ', codes)}': {error}");
            return check;
        }
        return check with { HttpStatusCodes = text };
    }
}
