using PiranhaNet.Core.Diffing;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Services;

/// <summary>What the dashboard edits: the draft if there is one, else the latest version.</summary>
/// <param name="Config">The configuration being edited.</param>
/// <param name="BaseSerial">The version the draft started from (the latest one when there is no draft).</param>
/// <param name="LatestSerial">The newest stored version.</param>
/// <param name="Changes">Pending changes from the base version to the draft.</param>
public sealed record DraftView(LvsConfig Config, int BaseSerial, int LatestSerial, IReadOnlyList<ConfigChange> Changes)
{
    /// <summary>True when another version was saved after the draft was started (applying would be refused).</summary>
    public bool IsStale => Changes.Count > 0 && BaseSerial != LatestSerial;
}
