namespace PiranhaNet.Web.Api;

/// <summary>The answer of <c>POST /api/v1/config/validate</c>.</summary>
/// <param name="Valid">True when there is no problem.</param>
/// <param name="Summary">For a valid configuration, a one-line summary.</param>
/// <param name="Errors">Every problem: field path and value for JSON input, line and column for lvs.cf input.</param>
public sealed record ValidationReport(bool Valid, string? Summary, IReadOnlyList<ValidationReportItem> Errors);

/// <summary>One problem found by validation.</summary>
public sealed record ValidationReportItem(string Message, string? Path = null, string? Value = null, int? Line = null, int? Column = null);
