using PiranhaNet.Core.Diffing;

namespace PiranhaNet.Web.Api;

/// <summary>The answer of <c>GET /api/v1/versions/{from}/diff/{to}</c>.</summary>
/// <param name="From">The older side.</param>
/// <param name="To">The newer side.</param>
/// <param name="Summary">One line.</param>
/// <param name="Changes">Each change with a readable description.</param>
public sealed record VersionDiff(int From, int To, string Summary, IReadOnlyList<VersionDiffItem> Changes);

/// <summary>One change between two versions.</summary>
public sealed record VersionDiffItem(ConfigChangeKind Kind, string Path, string? Before, string? After, string Description);
