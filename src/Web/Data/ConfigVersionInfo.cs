namespace PiranhaNet.Web.Data;

/// <summary>What the history shows about one configuration version.</summary>
/// <param name="Serial">Version number (lvs.cf serial_no), 1 for the first saved version.</param>
/// <param name="Author">Who saved it.</param>
/// <param name="CreatedAt">When it was saved (UTC).</param>
/// <param name="Summary">One line saying what changed.</param>
/// <param name="VirtualServerCount">Number of virtual servers.</param>
/// <param name="RealServerCount">Number of real servers over all virtual servers.</param>
/// <param name="RestoredFrom">The version this one restored, if it was a restore.</param>
public sealed record ConfigVersionInfo(
    int Serial,
    string Author,
    DateTimeOffset CreatedAt,
    string Summary,
    int VirtualServerCount,
    int RealServerCount,
    int? RestoredFrom);
