using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Api;

/// <summary>The answer of a successful import or restore: the version now in force.</summary>
public sealed record ImportResult(ConfigVersionInfo Version);
