using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using PiranhaNet.Core.Diffing;
using PiranhaNet.Core.Serialization;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Api;

/// <summary>The configuration history: list, show, diff, export and restore versions.</summary>
public static class VersionApi
{
    /// <summary>Maps the endpoints under <c>/versions</c>.</summary>
    public static RouteGroupBuilder MapVersionApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/versions").WithTags("History");
        group.MapGet("", List).WithName("ListVersions").WithSummary("Every version, newest first").RequireAuthorization(Roles.Viewer);
        group.MapGet("/{serial:int}", Get).WithName("GetVersion").WithSummary("One version: who, when, what, and its configuration")
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Roles.Viewer);
        group.MapGet("/{serial:int}/export", Export).WithName("ExportVersion").WithSummary("A version as lvs.cf").ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Roles.Viewer);
        group.MapGet("/{from:int}/diff/{to:int}", Diff).WithName("DiffVersions").WithSummary("What changed between two versions (0 = empty)").ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Roles.Viewer);
        group.MapPost("/{serial:int}/restore", Restore).WithName("RestoreVersion").WithSummary("Make a new version with an old version's content")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status422UnprocessableEntity).RequireAuthorization(Roles.Operator);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<ConfigVersionInfo>>> List(IConfigRepository repository, CancellationToken ct) =>
        TypedResults.Ok(await repository.ListAsync(ct));

    private static async Task<Ok<ConfigVersion>> Get(int serial, ConfigService service, CancellationToken ct) =>
        TypedResults.Ok(await service.GetVersionAsync(serial, ct));

    private static async Task<IResult> Export(int serial, ConfigService service, CancellationToken ct)
    {
        var version = await service.GetVersionAsync(serial, ct);
        return TypedResults.Text(LvsConfigWriter.Write(version.Config), "text/plain", Encoding.UTF8);
    }

    private static async Task<Ok<VersionDiff>> Diff(int from, int to, ConfigService service, CancellationToken ct)
    {
        var changes = await service.DiffAsync(from, to, ct);
        return TypedResults.Ok(new VersionDiff(from, to, ConfigDiffer.Summarize(changes),
            [.. changes.Select(c => new VersionDiffItem(c.Kind, c.Path, c.Before, c.After, c.Describe()))]));
    }

    private static async Task<Ok<ImportResult>> Restore(int serial, HttpContext http, ConfigService service, CancellationToken ct)
    {
        var saved = await service.RestoreAsync(serial, ETags.IfMatch(http.Request), ApiAuthor.Of(http), ct);
        ETags.Set(http.Response, saved.Serial);
        return TypedResults.Ok(new ImportResult(saved));
    }
}
