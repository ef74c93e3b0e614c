using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Api;

/// <summary>
/// What every operation of the OpenAPI document says beyond its own mapping: the role it needs (in its description),
/// the 401 and 403 problems every operation can answer, and an example of its request body (and of its response, where
/// <see cref="ApiExamples"/> has one for the type).
/// </summary>
internal static class ApiDocumentConventions
{
    /// <summary>Registers the operation transformer on the OpenAPI options.</summary>
    public static OpenApiOptions AddPiranhaConventions(this OpenApiOptions options)
    {
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var role = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
            if (role is not null)
            {
                operation.Description = $"Needs the {role} role or higher ({string.Join(", ", Roles.AtLeast(role))}): a session, an API token or HTTP Basic." +
                    (operation.Description is { Length: > 0 } more ? " " + more : "");
            }
            operation.Responses ??= [];
            AddProblem(operation, "401", "No or invalid credentials (session, Authorization: Bearer TOKEN, or Basic)");
            AddProblem(operation, "403", $"The caller's role is below {role ?? "the one needed"}");
            AddRequestExample(operation, context);
            AddResponseExamples(operation, context);
            return Task.CompletedTask;
        });
        return options;
    }

    private static void AddProblem(OpenApiOperation operation, string status, string description)
    {
        if (!operation.Responses!.ContainsKey(status))
        {
            operation.Responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() },
            };
        }
    }

    private static void AddRequestExample(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        if (operation.RequestBody?.Content is not { } content)
        {
            return;
        }
        var bodyType = context.Description.ParameterDescriptions.FirstOrDefault(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body)?.Type
            ?? context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>().FirstOrDefault()?.RequestType;
        foreach (var (mediaType, body) in content)
        {
            body.Example ??= mediaType == "text/plain" ? JsonValue.Create(ApiExamples.LvsCf)
                : bodyType is not null ? ApiExamples.For(bodyType, ApiExamples.Options) : null;
        }
    }

    private static void AddResponseExamples(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        foreach (var response in context.Description.SupportedResponseTypes)
        {
            if (response.Type is { } type && operation.Responses!.TryGetValue(response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), out var documented)
                && documented.Content?.TryGetValue("application/json", out var body) == true)
            {
                body.Example ??= ApiExamples.For(type, ApiExamples.Options);
            }
        }
    }
}
