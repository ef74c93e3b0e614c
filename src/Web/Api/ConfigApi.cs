using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Keepalived;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Serialization;
using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Api;

/// <summary>The whole configuration, global settings, redundancy, validation, import and export.</summary>
public static class ConfigApi
{
    /// <summary>Maps the endpoints under <c>/config</c>.</summary>
    public static RouteGroupBuilder MapConfigApi(this RouteGroupBuilder api)
    {
        var config = api.MapGroup("/config").WithTags("Configuration");
        config.MapGet("", GetConfig).WithName("GetConfig").WithSummary("The latest configuration (ETag = its version)").RequireAuthorization(Roles.Viewer);
        config.MapPut("", PutConfig).WithName("PutConfig").WithSummary("Replace the whole configuration")
            .Accepts<LvsConfig>("application/json").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).RequireAuthorization(Roles.Operator);
        new ConfigSectionApi<GlobalSettingsConfig>("Global", "global settings", c => c.Global, (c, global) => c with { Global = global })
            .Map(config, "/global");
        new ConfigSectionApi<RedundancyConfig>("Redundancy", "backup director and heartbeat", c => c.Redundancy, (c, redundancy) => c with { Redundancy = redundancy })
            .Map(config, "/redundancy");
        config.MapPost("/validate", Validate).WithName("ValidateConfig")
            .WithSummary("Validate a configuration (JSON) or an lvs.cf (text/plain) without saving")
            .Accepts<LvsConfig>("application/json", "text/plain").ProducesProblem(StatusCodes.Status400BadRequest).WithMetadata(ApiAudit.ChangesNothing).RequireAuthorization(Roles.Viewer);
        config.MapPost("/import", Import).WithName("ImportLvsCf").WithSummary("Import an lvs.cf (text/plain body) as a new version")
            .Accepts<string>("text/plain").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).RequireAuthorization(Roles.Operator);
        config.MapGet("/export", Export).WithName("ExportLvsCf").WithSummary("The latest configuration as lvs.cf").RequireAuthorization(Roles.Viewer);
        return api;
    }

    private static async Task<Ok<LvsConfig>> GetConfig(HttpContext http, ConfigService service, CancellationToken ct)
    {
        var latest = await service.GetLatestAsync(ct);
        ETags.Set(http.Response, latest.Info.Serial);
        return TypedResults.Ok(latest.Config);
    }

    private static async Task<Ok<LvsConfig>> PutConfig(LvsConfig body, HttpContext http, ConfigService service, CancellationToken ct)
    {
        var saved = await service.ReplaceAsync(body, ETags.IfMatch(http.Request), ApiAuthor.Of(http), ct);
        ETags.Set(http.Response, saved.Serial);
        return TypedResults.Ok(body with { SerialNo = saved.Serial });
    }

    private static async Task<Ok<ValidationReport>> Validate(HttpRequest request, IConfigValidator validator, CancellationToken ct)
    {
        var body = await ReadTextAsync(request, ct);
        if (request.ContentType?.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) == true)
        {
            var checkedFile = LvsConfigChecker.Check(body, FileName(request), validator);
            return TypedResults.Ok(new ValidationReport(checkedFile.Success,
                checkedFile.Config is null ? null : LvsConfigChecker.Summarize(checkedFile.Config),
                [.. checkedFile.Errors.Select(e => new ValidationReportItem(e.Message, Line: e.Line, Column: e.Column))]));
        }
        LvsConfig config;
        try
        {
            config = PiranhaJson.Deserialize(body);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ApiBadRequestException($"the body is not a configuration in JSON: {JsonErrorPath.Describe(e)}");
        }
        var errors = validator.Validate(config);
        return TypedResults.Ok(new ValidationReport(errors.Count == 0, errors.Count == 0 ? LvsConfigChecker.Summarize(config) : null,
            [.. errors.Select(e => new ValidationReportItem(e.Message, e.Path, e.Value))]));
    }

    private static async Task<Ok<ImportResult>> Import(HttpRequest request, HttpContext http, ConfigService service, CancellationToken ct)
    {
        var text = await ReadTextAsync(request, ct);
        // An lvs.cf or a keepalived.conf, told apart by content; ?allowUnsupported=true imports a keepalived.conf
        // without the settings PiranhaNet cannot carry (the version's summary lists them).
        var saved = ConfigFileFormatDetector.Detect(text) == ConfigFileFormat.Keepalived
            ? (await service.ImportKeepalivedAsync(text, FileName(request, "keepalived.conf"), NoKeepalivedFiles.Instance,
                request.Query["allowUnsupported"] == "true", ETags.IfMatch(request), ApiAuthor.Of(http), ct)).Version
            : await service.ImportAsync(text, FileName(request, "lvs.cf"), ETags.IfMatch(request), ApiAuthor.Of(http), ct);
        ETags.Set(http.Response, saved.Serial);
        return TypedResults.Ok(new ImportResult(saved));
    }

    private static async Task<IResult> Export(HttpContext http, ConfigService service, CancellationToken ct)
    {
        var (text, serial) = await service.ExportAsync(ct);
        ETags.Set(http.Response, serial);
        http.Response.Headers.ContentDisposition = "attachment; filename=\"lvs.cf\"";
        return TypedResults.Text(text, "text/plain", Encoding.UTF8);
    }

    // The name errors are reported against; a client importing /etc/sysconfig/ha/lvs.cf can pass that path.
    private static string FileName(HttpRequest request, string fallback = "lvs.cf") =>
        request.Query["fileName"] is { Count: > 0 } name && !string.IsNullOrWhiteSpace(name) ? name.ToString() : fallback;

    private static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }
}
