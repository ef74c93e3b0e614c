using Microsoft.AspNetCore.Http.HttpResults;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Api;

/// <summary>GET and PUT for one section of the configuration that is replaced as a whole (global settings, redundancy).</summary>
internal sealed record ConfigSectionApi<T>(string Name, string Summary, Func<LvsConfig, T> Get, Func<LvsConfig, T, LvsConfig> Set)
    where T : class
{
    public void Map(RouteGroupBuilder group, string route)
    {
        group.MapGet(route, GetAsync).WithName($"Get{Name}").WithSummary(Summary).RequireAuthorization(Roles.Viewer);
        group.MapPut(route, PutAsync).Accepts<T>("application/json").WithName($"Put{Name}").WithSummary($"Replace: {Summary}")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status422UnprocessableEntity).RequireAuthorization(Roles.Operator);
    }

    private async Task<Ok<T>> GetAsync(HttpContext http, ConfigService service, CancellationToken ct) =>
        TypedResults.Ok(Get(await NamedElementApi<T>.LatestAsync(http, service, ct)));

    private async Task<Ok<T>> PutAsync(HttpContext http, ConfigService service, CancellationToken ct)
    {
        var body = await RequestJson.ReadAsync<T>(http.Request, ct);
        await NamedElementApi<T>.SaveAsync(http, service, c => Set(c, body), ct);
        return TypedResults.Ok(body);
    }
}
