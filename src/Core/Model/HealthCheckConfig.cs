namespace PiranhaNet.Core.Model;

/// <summary>
/// The monitoring script of a virtual server or failover service (Piranha's MONITORING SCRIPTS page)
/// plus PiranhaNet's HTTP and HTTPS checks.
/// </summary>
public sealed record HealthCheckConfig
{
    /// <summary>Which check runs.</summary>
    public HealthCheckKind Kind { get; init; } = HealthCheckKind.Connect;

    /// <summary>String sent after connecting (<c>send</c>); C escapes already decoded. At most 255 characters, as in Piranha.</summary>
    public string? Send { get; init; }

    /// <summary>Text the reply or the program's output must contain (<c>expect</c>).</summary>
    public string? Expect { get; init; }

    /// <summary>Treat <see cref="Expect"/> as a regular expression (<c>use_regex</c>).</summary>
    public bool UseRegex { get; init; }

    /// <summary>External program with arguments (<c>send_program</c>); %h is the real server's address, %p its port.</summary>
    public string? SendProgram { get; init; }

    /// <summary>Seconds a check may take to connect and answer before it counts as failed (<c>check_timeout</c>, default 5).</summary>
    public int ResponseTimeout { get; init; } = 5;

    /// <summary>Failed checks in a row before an up server is taken down (<c>check_fall</c>, default 1 as in Piranha).</summary>
    public int Fall { get; init; } = 1;

    /// <summary>Passed checks in a row before a down server starts its way back (<c>check_rise</c>, default 1).</summary>
    public int Rise { get; init; } = 1;

    /// <summary>HTTP(S) check: request path.</summary>
    public string HttpPath { get; init; } = "/";

    /// <summary>HTTP(S) check: Host header; null sends the real server's address.</summary>
    public string? HttpHost { get; init; }

    /// <summary>HTTP(S) check: accepted status codes as a list of codes and ranges, e.g. <c>200-299,301</c>.</summary>
    public string HttpStatusCodes { get; init; } = DefaultHttpStatusCodes;

    /// <summary>HTTP(S) check: optional regular expression the body must match.</summary>
    public string? HttpBodyRegex { get; init; }

    /// <summary>HTTPS check: verify the server certificate.</summary>
    public bool VerifyTls { get; init; } = true;

    /// <summary>
    /// A program check's exit code sets the real server's weight, as keepalived's <c>misc_dynamic</c>: 0 is up at the
    /// configured weight, 1 is down, 2 to 255 are up at weight code - 2 (so 2 drains it).
    /// </summary>
    public bool DynamicWeight { get; init; }

    /// <summary>Default accepted HTTP status codes.</summary>
    public const string DefaultHttpStatusCodes = "200-399";

    /// <summary>
    /// The kind Piranha's nanny would run for these keys: a program when <c>send_program</c> is set,
    /// send/expect when either is set, else a plain connect.
    /// </summary>
    public static HealthCheckKind KindImpliedBy(string? send, string? expect, string? sendProgram) =>
        !string.IsNullOrEmpty(sendProgram) ? HealthCheckKind.Program
        : !string.IsNullOrEmpty(send) || !string.IsNullOrEmpty(expect) ? HealthCheckKind.SendExpect
        : HealthCheckKind.Connect;
}
