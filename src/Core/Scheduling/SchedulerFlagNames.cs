namespace PiranhaNet.Core.Scheduling;

/// <summary>Scheduler flags as ipvsadm spells them (<c>-b sh-fallback,sh-port</c>).</summary>
public static class SchedulerFlagNames
{
    /// <summary>sh: pick another server when the hashed one is unavailable.</summary>
    public const string ShFallback = "sh-fallback";
    /// <summary>sh: include the source port in the hash.</summary>
    public const string ShPort = "sh-port";
    /// <summary>mh: pick another server when the hashed one is unavailable.</summary>
    public const string MhFallback = "mh-fallback";
    /// <summary>mh: include the source port in the hash.</summary>
    public const string MhPort = "mh-port";
}
