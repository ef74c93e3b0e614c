using PiranhaNet.Core.Model;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Core.Serialization;

/// <summary>
/// Reads and validates an lvs.cf in one step, reporting validation problems at the line and column of
/// the value they concern. This is what <c>piranhanet check</c> and every import use: a file with any
/// problem yields no configuration.
/// </summary>
public static class LvsConfigChecker
{
    /// <summary>Reads and validates; <see cref="LvsReadResult.Config"/> is null when anything is wrong.</summary>
    public static LvsReadResult Check(string text, string fileName = "lvs.cf", IConfigValidator? validator = null)
    {
        var read = LvsConfigReader.TryRead(text, fileName);
        if (!read.Success)
        {
            return read;
        }
        var problems = (validator ?? ConfigValidator.Default).Validate(read.Config!);
        if (problems.Count == 0)
        {
            return read;
        }
        var located = problems
            .Select(p => (Problem: p, Position: read.SourceMap.Find(p.Path) ?? new SourcePosition(1, 1)))
            .OrderBy(x => x.Position.Line).ThenBy(x => x.Position.Column)
            .Select(x => new LvsParseError(fileName, x.Position.Line, x.Position.Column, $"{x.Problem.Path}: {x.Problem.Message}"))
            .ToList();
        return new LvsReadResult(null, located, read.SourceMap);
    }

    /// <summary>A one-line summary of a valid configuration, e.g. "lvs, nat, 3 virtual servers, 7 real servers".</summary>
    public static string Summarize(LvsConfig config) => config.Service == ServiceKind.Fos
        ? $"fos, {Plural(config.FailoverServices.Count, "failover service")}"
        : $"lvs, {LvsText.EnumName(config.Global.Network)}, {Plural(config.VirtualServers.Count, "virtual server")}, " +
          $"{Plural(config.VirtualServers.Sum(v => v.RealServers.Count), "real server")}";

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
