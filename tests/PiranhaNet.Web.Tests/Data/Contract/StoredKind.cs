namespace PiranhaNet.Web.Tests.Data.Contract;

/// <summary>How a store keeps one version: whole (no <paramref name="PatchOf"/>) or as a patch, and its size in bytes.</summary>
public sealed record StoredKind(long Serial, long? PatchOf, long Bytes);
