using Microsoft.AspNetCore.Http.HttpResults;
using PiranhaNet.Core.Editing;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Configuration;
using static PiranhaNet.Web.Api.VirtualServerApi;

namespace PiranhaNet.Web.Api;

/// <summary>Failover services (service = fos), addressed by name.</summary>
public static class FailoverServiceApi
{
    private const string Base = "/config/failover-services";

    /// <summary>Maps the endpoints under <c>/config/failover-services</c>.</summary>
    public static RouteGroupBuilder MapFailoverServiceApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup(Base).WithTags("Failover services");
        group.MapGet("", List).WithName("ListFailoverServices");
        group.MapPost("", Add).WithName("AddFailoverService");
        group.MapGet("/{name}", Get).WithName("GetFailoverService");
        group.MapPut("/{name}", Replace).WithName("ReplaceFailoverService");
        group.MapDelete("/{name}", Delete).WithName("DeleteFailoverService");
        return api;
    }

    private static async Task<Ok<EquatableArray<FailoverServiceConfig>>> List(HttpContext http, ConfigService service, CancellationToken ct) =>
        TypedResults.Ok((await Latest(http, service, ct)).FailoverServices);

    private static async Task<Ok<FailoverServiceConfig>> Get(string name, HttpContext http, ConfigService service, CancellationToken ct) =>
        TypedResults.Ok((await Latest(http, service, ct)).GetFailoverService(name));

    private static async Task<Created<FailoverServiceConfig>> Add(FailoverServiceConfig body, HttpContext http, ConfigService service, CancellationToken ct)
    {
        await Save(http, service, c => c.AddFailoverService(body), ct);
        return TypedResults.Created($"/api/v1{Base}/{Uri.EscapeDataString(body.Name)}", body);
    }

    private static async Task<Ok<FailoverServiceConfig>> Replace(string name, FailoverServiceConfig body, HttpContext http, ConfigService service, CancellationToken ct)
    {
        await Save(http, service, c => c.ReplaceFailoverService(name, body), ct);
        return TypedResults.Ok(body);
    }

    private static async Task<NoContent> Delete(string name, HttpContext http, ConfigService service, CancellationToken ct)
    {
        await Save(http, service, c => c.RemoveFailoverService(name), ct);
        return TypedResults.NoContent();
    }
}
