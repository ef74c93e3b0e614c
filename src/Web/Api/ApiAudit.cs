using Microsoft.AspNetCore.Authorization;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Api;

/// <summary>
/// Records every API call that changes something (every method but GET, unless marked <see cref="ChangesNothing"/>) in
/// the audit: who, how they authenticated, from where, the operation's name, the path it acted on, and the result (the
/// version made, a refusal for the caller's role, or the failure). Runs between authentication and authorization, so it
/// sees refusals too; calls without credentials (401) are not recorded, as they are nobody's.
/// </summary>
public static class ApiAudit
{
    /// <summary>Metadata of a POST that only reads (validation), which is not recorded.</summary>
    public static readonly object ChangesNothing = new ChangesNothingMarker();

    private sealed class ChangesNothingMarker;

    /// <summary>Adds the recording to the pipeline; place it after authentication and before authorization.</summary>
    public static IApplicationBuilder UseApiAudit(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.Use(async (http, next) =>
        {
            var endpoint = http.GetEndpoint();
            var role = endpoint?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
            if (endpoint is null || HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                || endpoint.Metadata.Contains(ChangesNothing))
            {
                await next(http);
                return;
            }
            var action = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? endpoint.DisplayName ?? "?";
            var target = http.Request.Path.Value is { } path && path.StartsWith("/api/v1/", StringComparison.Ordinal) ? path["/api/v1/".Length..] : http.Request.Path.Value ?? "";
            var audit = http.RequestServices.GetRequiredService<AuditStore>();
            var recorded = false;
            // Recorded before the response starts, so a client that has its answer finds the row (after the call it
            // could race the client's next request), and once: at the start of the response or at the end of the call.
            async Task RecordResultAsync()
            {
                if (recorded)
                {
                    return;
                }
                recorded = true;
                var status = http.Response.StatusCode;
                if (status == StatusCodes.Status401Unauthorized)
                {
                    return;
                }
                var (outcome, detail) = status switch
                {
                    StatusCodes.Status403Forbidden => (AuditStore.Outcome.Refused, $"needs {role ?? "another role"}, is {UserPrincipals.RoleOf(http.User) ?? "nothing"}"),
                    < 400 => (AuditStore.Outcome.Ok, http.Response.Headers.ETag.ToString() is { Length: > 2 } etag ? $"version {etag.Trim('"')}" : ""),
                    _ => (AuditStore.Outcome.Failed, $"HTTP {status}"),
                };
                await audit.RecordAsync(Actor.Of(http.User, Client(http)), action, target, outcome, detail, CancellationToken.None);
            }
            http.Response.OnStarting(RecordResultAsync);
            try
            {
                await next(http);
            }
            catch (Exception e) when (!recorded)
            {
                recorded = true;
                await audit.RecordAsync(Actor.Of(http.User, Client(http)), action, target, AuditStore.Outcome.Failed, e.Message, CancellationToken.None);
                throw;
            }
            await RecordResultAsync();
        }));

    private static string Client(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "";
}
