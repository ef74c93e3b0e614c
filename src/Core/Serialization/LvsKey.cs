namespace PiranhaNet.Core.Serialization;

/// <summary>
/// One lvs.cf key of a block whose model is <typeparamref name="T"/>: how to read it into the model and how
/// to write it back. The tables of keys drive both the reader and the writer, so the two cannot drift.
/// </summary>
/// <param name="Name">Key as written in lvs.cf.</param>
/// <param name="Path">Field path of the value (relative to the block, or absolute for global keys), for error positions.</param>
/// <param name="Read">Returns the model with the value applied; throws <see cref="LvsValueException"/> for a bad value.</param>
/// <param name="Write">The value as lvs.cf text, or null to omit the key because the model holds the reader's default.</param>
/// <param name="Extension">A PiranhaNet key that Piranha lacks: written as <c># piranhanet: key = value</c> so Piranha still accepts the file.</param>
/// <param name="SecondPath">A second field set by the same key (the device of <c>address = IP dev</c>).</param>
internal sealed record LvsKey<T>(
    string Name,
    string Path,
    Func<T, LvsValue, T> Read,
    Func<T, string?> Write,
    bool Extension = false,
    string? SecondPath = null);
