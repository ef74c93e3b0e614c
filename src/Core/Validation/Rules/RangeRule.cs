using PiranhaNet.Core.Model;
using static PiranhaNet.Core.Validation.ConfigPaths;

namespace PiranhaNet.Core.Validation.Rules;

/// <summary>
/// Numbers are within what IPVS and the heartbeat accept: weights, marks, timeouts, sync id, heartbeat
/// timing. Collects every error.
/// </summary>
internal sealed class RangeRule : IConfigRule
{
    /// <summary>Shortest heartbeat interval in seconds: the agent wakes to the millisecond, and 20 heartbeats a second per peer and path cost little.</summary>
    public const double MinKeepalive = 0.05;

    /// <summary>Shortest dead time in seconds: three heartbeats at the shortest interval.</summary>
    public const double MinDeadtime = 0.15;

    // IPVS timeouts are 32-bit seconds in the kernel but jiffies-scaled; a day is far beyond any sane value
    // and keeps the multiplication safe on every HZ.
    private const int MaxTimeoutSeconds = 86_400 * 30;

    public void Check(LvsConfig config, ICollection<ValidationError> errors)
    {
        var t = config.Global.ConnectionTimeouts;
        var timeouts = Field(Global, "connectionTimeouts");
        errors.CheckRange(Field(timeouts, "tcp"), t.Tcp, 0, MaxTimeoutSeconds, "timeout");
        errors.CheckRange(Field(timeouts, "tcpFin"), t.TcpFin, 0, MaxTimeoutSeconds, "timeout");
        errors.CheckRange(Field(timeouts, "udp"), t.Udp, 0, MaxTimeoutSeconds, "timeout");
        errors.CheckRange(Field(Field(Global, "syncDaemon"), "id"), config.Global.SyncDaemon.Id, 0, 255, "sync daemon id");
        CheckHeartbeat(config.Redundancy, errors);

        foreach (var vs in config.VirtualServers)
        {
            if (vs.FirewallMark is { } mark)
            {
                errors.CheckRange(FieldPath.OfVirtualServer(vs.Name, "firewallMark"), mark, 1, uint.MaxValue, "firewall mark");
            }
            errors.CheckRange(FieldPath.OfVirtualServer(vs.Name, "persistent"), vs.Persistent, 0, MaxTimeoutSeconds, "persistence timeout");
            errors.CheckRange(FieldPath.OfVirtualServer(vs.Name, "timeout"), vs.Timeout, 1, 86_400, "check interval");
            errors.CheckRange(FieldPath.OfVirtualServer(vs.Name, "reentry"), vs.Reentry, 0, 86_400, "re-entry time");
            foreach (var rs in vs.RealServers)
            {
                errors.CheckRange(FieldPath.OfRealServer(vs.Name, rs.Name, "weight"), rs.Weight, 0, 65535, "weight");
                errors.CheckRange(FieldPath.OfRealServer(vs.Name, rs.Name, "upperThreshold"), rs.UpperThreshold, 0, int.MaxValue, "upper connection threshold");
                errors.CheckRange(FieldPath.OfRealServer(vs.Name, rs.Name, "lowerThreshold"), rs.LowerThreshold, 0, int.MaxValue, "lower connection threshold");
                if (rs.UpperThreshold > 0 && rs.LowerThreshold >= rs.UpperThreshold)
                {
                    errors.Add(FieldPath.OfRealServer(vs.Name, rs.Name, "lowerThreshold"), rs.LowerThreshold,
                        $"lower connection threshold {rs.LowerThreshold} must be below the upper one ({rs.UpperThreshold})");
                }
            }
        }
        foreach (var fos in config.FailoverServices)
        {
            var path = FailoverService(fos.Name);
            errors.CheckRange(Field(path, "timeout"), fos.Timeout, 1, 86_400, "check interval");
            errors.CheckRange(Field(path, "reentry"), fos.Reentry, 0, 86_400, "re-entry time");
        }
    }

    private static void CheckHeartbeat(RedundancyConfig r, ICollection<ValidationError> errors)
    {
        if (!(r.Keepalive >= MinKeepalive) || r.Keepalive > 3600)
        {
            errors.Add(Field(ConfigPaths.Redundancy, "keepalive"), r.Keepalive, $"heartbeat interval {Seconds(r.Keepalive)} s is out of range {MinKeepalive}..3600 s");
        }
        if (!(r.Deadtime >= MinDeadtime) || r.Deadtime > 3600)
        {
            errors.Add(Field(ConfigPaths.Redundancy, "deadtime"), r.Deadtime, $"dead time {Seconds(r.Deadtime)} s is out of range {MinDeadtime}..3600 s");
        }
        else if (r.Deadtime <= r.Keepalive)
        {
            errors.Add(Field(ConfigPaths.Redundancy, "deadtime"), r.Deadtime,
                $"dead time {Seconds(r.Deadtime)} s must be longer than the heartbeat interval {Seconds(r.Keepalive)} s");
        }
    }

    private static string Seconds(double value) => value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
