namespace PiranhaNet.Web.Components.Controls;

/// <summary>
/// What a status means at a glance, for <see cref="StatusChip"/>: the pages say what a state means, and the chip alone
/// knows which colour of the component library shows it.
/// </summary>
public enum Tone
{
    /// <summary>Working as it should (active, up).</summary>
    Good,

    /// <summary>Fine, worth knowing (standby, ramping).</summary>
    Info,

    /// <summary>Needs attention soon (draining, stopped while it should run).</summary>
    Warning,

    /// <summary>Broken (down, fault).</summary>
    Bad,

    /// <summary>Not taking part (inactive, maintenance, unreachable).</summary>
    Neutral,
}
