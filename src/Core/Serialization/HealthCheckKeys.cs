using PiranhaNet.Core.Model;
using static PiranhaNet.Core.Serialization.LvsText;

namespace PiranhaNet.Core.Serialization;

/// <summary>The monitoring-script keys shared by <c>virtual</c> and <c>failover</c> blocks.</summary>
internal static class HealthCheckKeys
{
    /// <summary>Piranha's keys: send, expect, use_regex, send_program.</summary>
    public static IEnumerable<LvsKey<T>> Piranha<T>(Func<T, HealthCheckConfig> get, Func<T, HealthCheckConfig, T> set)
    {
        yield return new("send", "healthCheck.send", (t, v) => set(t, get(t) with { Send = v.Text() }), t => Optional(get(t).Send));
        yield return new("expect", "healthCheck.expect", (t, v) => set(t, get(t) with { Expect = v.Text() }), t => Optional(get(t).Expect));
        yield return new("use_regex", "healthCheck.useRegex", (t, v) => set(t, get(t) with { UseRegex = v.Bool() }), t => Bool(get(t).UseRegex));
        yield return new("send_program", "healthCheck.sendProgram", (t, v) => set(t, get(t) with { SendProgram = v.Text() }), t => Optional(get(t).SendProgram));
    }

    /// <summary>PiranhaNet's keys: the check kind when it differs from what the Piranha keys imply, and HTTP(S) settings.</summary>
    public static IEnumerable<LvsKey<T>> Extensions<T>(Func<T, HealthCheckConfig> get, Func<T, HealthCheckConfig, T> set)
    {
        var defaults = new HealthCheckConfig();
        yield return new(KindKey, "healthCheck.kind", (t, v) => set(t, get(t) with { Kind = v.Enum<HealthCheckKind>() }),
            t => get(t) is var c && c.Kind != HealthCheckConfig.KindImpliedBy(c.Send, c.Expect, c.SendProgram) ? EnumName(c.Kind) : null, Extension: true);
        yield return new("check_timeout", "healthCheck.responseTimeout", (t, v) => set(t, get(t) with { ResponseTimeout = v.Int() }),
            t => get(t).ResponseTimeout == defaults.ResponseTimeout ? null : Int(get(t).ResponseTimeout), Extension: true);
        yield return new("check_fall", "healthCheck.fall", (t, v) => set(t, get(t) with { Fall = v.Int() }),
            t => get(t).Fall == defaults.Fall ? null : Int(get(t).Fall), Extension: true);
        yield return new("check_rise", "healthCheck.rise", (t, v) => set(t, get(t) with { Rise = v.Int() }),
            t => get(t).Rise == defaults.Rise ? null : Int(get(t).Rise), Extension: true);
        yield return new("http_path", "healthCheck.httpPath", (t, v) => set(t, get(t) with { HttpPath = v.Text() }),
            t => get(t).HttpPath == defaults.HttpPath ? null : Quote(get(t).HttpPath), Extension: true);
        yield return new("http_host", "healthCheck.httpHost", (t, v) => set(t, get(t) with { HttpHost = v.Text() }),
            t => Optional(get(t).HttpHost), Extension: true);
        yield return new("http_status", "healthCheck.httpStatusCodes", (t, v) => set(t, get(t) with { HttpStatusCodes = v.Text() }),
            t => get(t).HttpStatusCodes == defaults.HttpStatusCodes ? null : Quote(get(t).HttpStatusCodes), Extension: true);
        yield return new("http_body_regex", "healthCheck.httpBodyRegex", (t, v) => set(t, get(t) with { HttpBodyRegex = v.Text() }),
            t => Optional(get(t).HttpBodyRegex), Extension: true);
        yield return new("check_dynamic_weight", "healthCheck.dynamicWeight", (t, v) => set(t, get(t) with { DynamicWeight = v.Bool() }),
            t => get(t).DynamicWeight ? Bool(true) : null, Extension: true);
        yield return new("tls_verify", "healthCheck.verifyTls", (t, v) => set(t, get(t) with { VerifyTls = v.Bool() }),
            t => get(t).VerifyTls ? null : Bool(false), Extension: true);
    }

    /// <summary>The extension key that sets the check kind; when absent the reader derives the kind from the Piranha keys.</summary>
    public const string KindKey = "check";

    private static string? Optional(string? value) => value is null ? null : Quote(value);
}
