namespace PiranhaNet.Web.Data.History;

/// <summary>
/// When the store writes a version whole instead of as a patch. A version loads by parsing the newest snapshot before it
/// and then every patch since, so the patches since a snapshot are kept under a quarter of its size (a version loads in
/// at most 1.25 times a snapshot's parse) and under a thousand (each patch is a row to read and a frame to parse). A
/// history of small edits then stores each edit once: 100 one-weight edits of 10,000 virtual servers are about 200 KiB
/// of patches against a 9 MiB snapshot, and no new snapshot is needed.
/// </summary>
internal static class SnapshotPolicy
{
    /// <summary>The most patches after one snapshot.</summary>
    public const int MaxPatches = 1_000;

    /// <summary>
    /// True when a patch of <paramref name="patchBytes"/> may follow a snapshot of <paramref name="snapshotBytes"/> and
    /// the <paramref name="patches"/> patches of <paramref name="patchBytesSince"/> written since it.
    /// </summary>
    public static bool PatchFits(long snapshotBytes, long patches, long patchBytesSince, long patchBytes) =>
        patches < MaxPatches && (patchBytesSince + patchBytes) * 4 <= snapshotBytes;
}
