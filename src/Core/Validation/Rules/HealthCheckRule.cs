using System.Text.RegularExpressions;
using PiranhaNet.Core.Model;
using static PiranhaNet.Core.Validation.ConfigPaths;

namespace PiranhaNet.Core.Validation.Rules;

/// <summary>
/// Each check has what its kind needs: text for send/expect (send at most 255 characters, as Piranha),
/// a program, regular expressions that compile, a valid HTTP path and status list, and no HTTP over UDP.
/// Collects every error.
/// </summary>
internal sealed class HealthCheckRule : IConfigRule
{
    /// <summary>Piranha's limit on <c>send</c>.</summary>
    public const int MaxSendLength = 255;

    public void Check(LvsConfig config, ICollection<ValidationError> errors)
    {
        foreach (var vs in config.VirtualServers)
        {
            CheckOne(vs.HealthCheck, vs.Protocol, Field(VirtualServer(vs.Name), "healthCheck"), errors);
        }
        foreach (var fos in config.FailoverServices)
        {
            CheckOne(fos.HealthCheck, TransportProtocol.Tcp, Field(FailoverService(fos.Name), "healthCheck"), errors);
        }
    }

    private static void CheckOne(HealthCheckConfig check, TransportProtocol protocol, string path, ICollection<ValidationError> errors)
    {
        errors.CheckRange(Field(path, "responseTimeout"), check.ResponseTimeout, 1, 3600, "check timeout");
        errors.CheckRange(Field(path, "fall"), check.Fall, 1, 100, "failures before down");
        errors.CheckRange(Field(path, "rise"), check.Rise, 1, 100, "successes before up");
        if (check.Send is { Length: > MaxSendLength })
        {
            errors.Add(Field(path, "send"), check.Send, $"send string is {check.Send.Length} characters long; at most {MaxSendLength} are allowed");
        }
        if (check.UseRegex && !string.IsNullOrEmpty(check.Expect))
        {
            CheckRegex(check.Expect, Field(path, "expect"), errors);
        }
        if (check.DynamicWeight && (check.Kind != HealthCheckKind.Program || check.Expect is not null))
        {
            errors.Add(Field(path, "dynamicWeight"), "1", "weights from the exit code need a program check without expect");
        }
        switch (check.Kind)
        {
            case HealthCheckKind.SendExpect when string.IsNullOrEmpty(check.Send) && string.IsNullOrEmpty(check.Expect):
                errors.Add(Field(path, "send"), null, "a send/expect check needs a send string, an expect string or both");
                break;
            case HealthCheckKind.Program when string.IsNullOrWhiteSpace(check.SendProgram):
                errors.Add(Field(path, "sendProgram"), null, "a program check needs send_program, e.g. /usr/local/bin/check %h %p");
                break;
            case HealthCheckKind.Http or HealthCheckKind.Https:
                CheckHttp(check, protocol, path, errors);
                break;
        }
    }

    private static void CheckHttp(HealthCheckConfig check, TransportProtocol protocol, string path, ICollection<ValidationError> errors)
    {
        if (protocol == TransportProtocol.Udp)
        {
            errors.Add(Field(path, "kind"), check.Kind.ToString().ToLowerInvariant(), "HTTP and HTTPS checks need a TCP service; use send/expect for UDP");
        }
        if (!check.HttpPath.StartsWith('/') || check.HttpPath.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors.Add(Field(path, "httpPath"), check.HttpPath, $"HTTP path '{check.HttpPath}' must start with / and contain no spaces");
        }
        if (check.HttpHost is { } host && (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            errors.Add(Field(path, "httpHost"), host, $"Host header '{host}' must be one word");
        }
        if (!HttpStatusCodeRanges.TryParse(check.HttpStatusCodes, out _, out var statusError))
        {
            errors.Add(Field(path, "httpStatusCodes"), check.HttpStatusCodes, statusError);
        }
        if (!string.IsNullOrEmpty(check.HttpBodyRegex))
        {
            CheckRegex(check.HttpBodyRegex, Field(path, "httpBodyRegex"), errors);
        }
    }

    private static void CheckRegex(string pattern, string path, ICollection<ValidationError> errors)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            errors.Add(path, pattern, $"'{pattern}' is not a valid regular expression: {e.Message}");
        }
    }
}
