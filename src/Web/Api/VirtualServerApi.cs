using Microsoft.AspNetCore.Http.HttpResults;
using PiranhaNet.Core.Editing;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Configuration;

namespace PiranhaNet.Web.Api;

/// <summary>Virtual servers and their real servers, addressed by name.</summary>
public static class VirtualServerApi
{
    private const string Base = "/config/virtual-servers";

    /// <summary>Maps the endpoints under <c>/config/virtual-servers</c>.</summary>
    public static RouteGroupBuilder MapVirtualServerApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup(Base).WithTags("Virtual servers");
        group.MapGet("", List).WithName("ListVirtualServers");
        group.MapPost("", Add).WithName("AddVirtualServer");
        group.MapGet("/{name}", Get).WithName("GetVirtualServer");
        group.MapPut("/{name}", Replace).WithName("ReplaceVirtualServer").WithSummary("Replace (or rename) a virtual server");
        group.MapDelete("/{name}", Delete).WithName("DeleteVirtualServer");
        group.MapGet("/{name}/real-servers", ListReal).WithName("ListRealServers");
        group.MapPost("/{name}/real-servers", AddReal).WithName("AddRealServer");
        group.MapGet("/{name}/real-servers/{real}", GetReal).WithName("GetRealServer");
        group.MapPut("/{name}/real-servers/{real}", ReplaceReal).WithName("ReplaceRealServer");
        group.MapDelete("/{name}/real-servers/{real}", DeleteReal).WithName("DeleteRealServer");
        return api;
    }

    private static async Task<Ok<EquatableArray<VirtualServerConfig>>> List(HttpContext http, ConfigService service, CancellationToken ct) =>
        TypedResults.Ok((await Latest(http, service, ct)).VirtualServers);

    private static async Task<Ok<VirtualServerConfig>> Get(string name, HttpContext http, ConfigService service, CancellationToken ct) =>
        TypedResults.Ok((await Latest(http, service, ct)).GetVirtualServer(name));

    private static async Task<Created<VirtualServerConfig>> Add(VirtualServerConfig body, HttpContext http, ConfigService service, CancellationToken ct)
    {
        await Save(http, service, c => c.AddVirtualServer(body), ct);
        return TypedResults.Created($"/api/v1{Base}/{Uri.EscapeDataString(body.Name)}", body);
    }

    private static async Task<Ok<VirtualServerConfig>> Replace(string name, VirtualServerConfig body, HttpContext http, ConfigService service, CancellationToken ct)
    {
        await Save(http, service, c => c.ReplaceVirtualServer(name, body), ct);
        return TypedResults.Ok(body);
    }

    private static async Task<NoContent> Delete(string name, HttpContext http, ConfigService service, CancellationToken ct)
    {
        await Save(http, service, c => c.RemoveVirtualServer(name), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<EquatableArray<RealServerConfig>>> ListReal(string name, HttpContext http, ConfigService service, CancellationToken ct) =>
        TypedResults.Ok((await Latest(http, service, ct)).GetVirtualServer(name).RealServers);

    private static async Task<Ok<RealServerConfig>> GetReal(string name, string real, HttpContext http, ConfigService service, CancellationToken ct) =>
        TypedResults.Ok((await Latest(http, service, ct)).GetRealServer(name, real));

    private static async Task<Created<RealServerConfig>> AddReal(string name, RealServerConfig body, HttpContext http, ConfigService service, CancellationToken ct)
    {
        await Save(http, service, c => c.AddRealServer(name, body), ct);
        return TypedResults.Created($"/api/v1{Base}/{Uri.EscapeDataString(name)}/real-servers/{Uri.EscapeDataString(body.Name)}", body);
    }

    private static async Task<Ok<RealServerConfig>> ReplaceReal(string name, string real, RealServerConfig body, HttpContext http, ConfigService service, CancellationToken ct)
    {
        await Save(http, service, c => c.ReplaceRealServer(name, real, body), ct);
        return TypedResults.Ok(body);
    }

    private static async Task<NoContent> DeleteReal(string name, string real, HttpContext http, ConfigService service, CancellationToken ct)
    {
        await Save(http, service, c => c.RemoveRealServer(name, real), ct);
        return TypedResults.NoContent();
    }

    internal static async Task<LvsConfig> Latest(HttpContext http, ConfigService service, CancellationToken ct)
    {
        var latest = await service.GetLatestAsync(ct);
        ETags.Set(http.Response, latest.Info.Serial);
        return latest.Config;
    }

    internal static async Task Save(HttpContext http, ConfigService service, Func<LvsConfig, LvsConfig> change, CancellationToken ct)
    {
        var saved = await service.UpdateAsync(ETags.IfMatch(http.Request), ApiAuthor.Of(http), change, ct);
        ETags.Set(http.Response, saved.Serial);
    }
}
