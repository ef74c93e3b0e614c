using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using PiranhaNet.Core.Editing;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Serialization;
using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Api;

/// <summary>
/// Turns the domain's exceptions into RFC 9457 problem details, so handlers stay free of error plumbing.
/// Unexpected exceptions become a 500 without internals in the body; the log has the details.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ConfigValidationException e => Problem(StatusCodes.Status422UnprocessableEntity, "The configuration is invalid", e.Message,
                ("errors", e.Errors)),
            LvsParseException e => Problem(StatusCodes.Status400BadRequest, "The lvs.cf file has errors; nothing was imported",
                $"{e.Errors.Count} error(s); first: {e.Errors[0]}", ("errors", e.Errors)),
            ConfigVersionConflictException e => Problem(StatusCodes.Status412PreconditionFailed, "The configuration changed", e.Message,
                ("latestVersion", e.Latest)),
            ConfigVersionNotFoundException e => Problem(StatusCodes.Status404NotFound, "No such version", e.Message),
            ConfigElementNotFoundException e => Problem(StatusCodes.Status404NotFound, "Not found", e.Message),
            ConfigElementExistsException e => Problem(StatusCodes.Status409Conflict, "Already exists", e.Message),
            ApiBadRequestException e => Problem(StatusCodes.Status400BadRequest, "Bad request", e.Message),
            BadHttpRequestException { InnerException: JsonException json } => Problem(StatusCodes.Status400BadRequest,
                "The request body is not valid JSON for this resource", JsonErrorPath.Describe(json)),
            BadHttpRequestException e => Problem(e.StatusCode, "Bad request", e.Message),
            _ => null,
        };
        if (problem is null)
        {
            LogUnexpected(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = Problem(StatusCodes.Status500InternalServerError, "Internal error", "an unexpected error occurred; the server log has the details");
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Problem(int status, string title, string detail, params (string Key, object Value)[] extensions)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach (var (key, value) in extensions)
        {
            problem.Extensions[key] = value;
        }
        return problem;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
