namespace PiranhaNet.Core.Scheduling;

/// <summary>The IPVS scheduler names as the kernel and ipvsadm spell them.</summary>
public static class SchedulerNames
{
    /// <summary>Round robin.</summary>
    public const string RoundRobin = "rr";
    /// <summary>Weighted round robin.</summary>
    public const string WeightedRoundRobin = "wrr";
    /// <summary>Least connection.</summary>
    public const string LeastConnection = "lc";
    /// <summary>Weighted least connection (the default of Piranha and ipvsadm).</summary>
    public const string WeightedLeastConnection = "wlc";
    /// <summary>Locality-based least connection.</summary>
    public const string LocalityBasedLeastConnection = "lblc";
    /// <summary>Locality-based least connection with replication.</summary>
    public const string LocalityBasedLeastConnectionWithReplication = "lblcr";
    /// <summary>Destination hashing.</summary>
    public const string DestinationHashing = "dh";
    /// <summary>Source hashing.</summary>
    public const string SourceHashing = "sh";
    /// <summary>Shortest expected delay.</summary>
    public const string ShortestExpectedDelay = "sed";
    /// <summary>Never queue.</summary>
    public const string NeverQueue = "nq";
    /// <summary>Weighted failover.</summary>
    public const string WeightedFailover = "fo";
    /// <summary>Weighted overflow.</summary>
    public const string WeightedOverflow = "ovf";
    /// <summary>Maglev hashing.</summary>
    public const string MaglevHashing = "mh";
    /// <summary>Power of two choices.</summary>
    public const string PowerOfTwoChoices = "twos";
}
