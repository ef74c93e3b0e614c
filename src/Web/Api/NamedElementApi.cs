using Microsoft.AspNetCore.Http.HttpResults;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Api;

/// <summary>
/// List, get, add, replace (or rename) and delete for one list of named elements: virtual servers, failover
/// services, and the real servers of a virtual server (whose route carries the parent's name as <c>{parent}</c>).
/// The element functions are the pure edits of <see cref="Core.Editing.ConfigEdits"/>; they get the parent
/// name, or null for top-level lists.
/// </summary>
internal sealed record NamedElementApi<T>(
    string Singular,
    Func<T, string> NameOf,
    Func<LvsConfig, string?, EquatableArray<T>> List,
    Func<LvsConfig, string?, string, T> Get,
    Func<LvsConfig, string?, T, LvsConfig> Add,
    Func<LvsConfig, string?, string, T, LvsConfig> Replace,
    Func<LvsConfig, string?, string, LvsConfig> Remove)
    where T : class
{
    /// <summary>Maps the five endpoints on <paramref name="group"/>, whose route ends at the list.</summary>
    public RouteGroupBuilder Map(RouteGroupBuilder group)
    {
        var readable = string.Concat(Singular.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
        group.MapGet("", ListAsync).WithName($"List{Singular}s").WithSummary($"Every {readable} of the latest version (ETag = the version)")
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Roles.Viewer);
        group.MapGet("/{name}", GetAsync).WithName($"Get{Singular}").WithSummary($"One {readable} by name")
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Roles.Viewer);
        group.MapPost("", AddAsync).Accepts<T>("application/json").WithName($"Add{Singular}").WithSummary($"Add a {readable} as a new version (If-Match: the version it is based on)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status422UnprocessableEntity).RequireAuthorization(Roles.Operator);
        group.MapPut("/{name}", ReplaceAsync).Accepts<T>("application/json").WithName($"Replace{Singular}").WithSummary($"Replace (or rename) a {readable} as a new version")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status422UnprocessableEntity).RequireAuthorization(Roles.Operator);
        group.MapDelete("/{name}", DeleteAsync).WithName($"Delete{Singular}").WithSummary($"Delete a {readable} as a new version")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).RequireAuthorization(Roles.Operator);
        return group;
    }

    private async Task<Ok<EquatableArray<T>>> ListAsync(HttpContext http, ConfigService service, CancellationToken ct) =>
        TypedResults.Ok(List(await LatestAsync(http, service, ct), Parent(http)));

    private async Task<Ok<T>> GetAsync(string name, HttpContext http, ConfigService service, CancellationToken ct) =>
        TypedResults.Ok(Get(await LatestAsync(http, service, ct), Parent(http), name));

    private async Task<Created<T>> AddAsync(HttpContext http, ConfigService service, CancellationToken ct)
    {
        var body = await RequestJson.ReadAsync<T>(http.Request, ct);
        await SaveAsync(http, service, c => Add(c, Parent(http), body), ct);
        return TypedResults.Created($"{http.Request.Path.Value!.TrimEnd('/')}/{Uri.EscapeDataString(NameOf(body))}", body);
    }

    private async Task<Ok<T>> ReplaceAsync(string name, HttpContext http, ConfigService service, CancellationToken ct)
    {
        var body = await RequestJson.ReadAsync<T>(http.Request, ct);
        await SaveAsync(http, service, c => Replace(c, Parent(http), name, body), ct);
        return TypedResults.Ok(body);
    }

    private async Task<NoContent> DeleteAsync(string name, HttpContext http, ConfigService service, CancellationToken ct)
    {
        await SaveAsync(http, service, c => Remove(c, Parent(http), name), ct);
        return TypedResults.NoContent();
    }

    private static string? Parent(HttpContext http) => http.GetRouteValue("parent") as string;

    /// <summary>The latest configuration, with its version as the response's ETag.</summary>
    public static async Task<LvsConfig> LatestAsync(HttpContext http, ConfigService service, CancellationToken ct)
    {
        var latest = await service.GetLatestAsync(ct);
        ETags.Set(http.Response, latest.Info.Serial);
        return latest.Config;
    }

    /// <summary>Applies a change (honouring If-Match) and sets the new version as the response's ETag.</summary>
    public static async Task SaveAsync(HttpContext http, ConfigService service, Func<LvsConfig, LvsConfig> change, CancellationToken ct)
    {
        var saved = await service.UpdateAsync(ETags.IfMatch(http.Request), ApiAuthor.Of(http), change, ct);
        ETags.Set(http.Response, saved.Serial);
    }
}
