namespace PiranhaNet.Core.Scheduling;

/// <summary>
/// What PiranhaNet needs to know about one IPVS scheduler: the kernel does the balancing, so this is
/// only its name, a one-line explanation for the UI, whether weights matter and which flags it takes.
/// </summary>
/// <param name="Name">Kernel name, e.g. <c>wlc</c>.</param>
/// <param name="Title">Human name, e.g. "Weighted least-connection".</param>
/// <param name="Explanation">One line for the scheduler select.</param>
/// <param name="UsesWeights">False when the scheduler ignores weights other than 0 (quiesced).</param>
/// <param name="Flags">Flags valid for this scheduler, mapped to the kernel's IP_VS_SVC_F_SCHEDn bits.</param>
public sealed record SchedulerDescriptor(
    string Name,
    string Title,
    string Explanation,
    bool UsesWeights,
    IReadOnlyDictionary<string, uint> Flags);
