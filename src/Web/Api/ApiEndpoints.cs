namespace PiranhaNet.Web.Api;

/// <summary>Composes the JSON API under <c>/api/v1</c>.</summary>
public static class ApiEndpoints
{
    /// <summary>
    /// Maps every API endpoint in one group and returns it, so the caller applies cross-cutting policy
    /// (authentication) to all of them in one place.
    /// </summary>
    public static RouteGroupBuilder MapPiranhaApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1")
            .MapConfigApi()
            .MapVirtualServerApi()
            .MapVersionApi()
            .MapEventApi()
            .MapRedundancyApi()
            .MapClusterApi()
            .MapAuditApi()
            .MapUserApi()
            .MapTokenApi()
            .MapDirectorApi()
            .MapStatusStreamApi();
}
