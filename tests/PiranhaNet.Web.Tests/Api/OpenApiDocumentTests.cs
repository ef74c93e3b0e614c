using System.Net;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Api;

/// <summary>The OpenAPI document as a client generator reads it: every operation named, summarised, with its role, its problems and examples.</summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private DashboardServer _server = null!;
    private JsonElement _document;

    public async Task InitializeAsync()
    {
        _server = await DashboardServer.StartAsync();
        _document = await (await _server.Client.GetAsync("/openapi/v1.json")).JsonAsync(HttpStatusCode.OK);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IEnumerable<(string Path, string Method, JsonElement Operation)> Operations() =>
        _document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(o => o.Name is "get" or "put" or "post" or "delete" or "patch")
            .Select(o => (path.Name, o.Name, o.Value)));

    [Fact]
    public void EveryOperation_HasANameASummaryItsRoleAnd401And403()
    {
        var problems = new List<string>();
        foreach (var (path, method, operation) in Operations())
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            if (!operation.TryGetProperty("operationId", out var id) || id.GetString() is not { Length: > 0 })
            {
                problems.Add($"{where}: no operationId");
            }
            if (!operation.TryGetProperty("summary", out var summary) || summary.GetString() is not { Length: > 0 })
            {
                problems.Add($"{where}: no summary");
            }
            if (!operation.TryGetProperty("description", out var description) || !description.GetString()!.StartsWith("Needs the ", StringComparison.Ordinal))
            {
                problems.Add($"{where}: the description does not say which role it needs");
            }
            var responses = operation.GetProperty("responses");
            foreach (var status in new[] { "401", "403" })
            {
                if (!responses.TryGetProperty(status, out var response) || !response.GetProperty("content").TryGetProperty("application/problem+json", out _))
                {
                    problems.Add($"{where}: no {status} problem response");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void EveryApiEndpoint_IsInTheDocument()
    {
        // From the dashboard's own route table, so an endpoint added without a description (or hidden by mistake) fails.
        var named = _server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } path && path.StartsWith("/api/v1/", StringComparison.Ordinal))
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? e.DisplayName ?? "?")
            .ToHashSet();
        var documented = Operations().Select(o => o.Operation.GetProperty("operationId").GetString()).ToHashSet();

        Assert.NotEmpty(named);
        Assert.Empty(named.Except(documented!));
    }

    [Fact]
    public void EveryRequestBody_HasAnExample()
    {
        var missing = Operations()
            .Where(o => o.Operation.TryGetProperty("requestBody", out _))
            .SelectMany(o => o.Operation.GetProperty("requestBody").GetProperty("content").EnumerateObject()
                .Where(media => !media.Value.TryGetProperty("example", out _))
                .Select(media => $"{o.Method.ToUpperInvariant()} {o.Path} ({media.Name})"))
            .ToList();

        Assert.True(missing.Count == 0, "request bodies without an example: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Examples_AreAcceptedByTheApiItself()
    {
        var body = Operations().Single(o => o.Method == "post" && o.Path == "/api/v1/config/validate").Operation
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        var example = Operations().Single(o => o.Method == "get" && o.Path == "/api/v1/config").Operation
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("example");

        var validated = await _server.SendJsonAsync(HttpMethod.Post, "api/v1/config/validate", body.GetRawText());

        Assert.Equal(HttpStatusCode.OK, validated.StatusCode);
        Assert.Equal("192.0.2.10", example.GetProperty("virtualServers")[0].GetProperty("address").GetString());
    }

    [Fact]
    public void ProblemResponses_OfEditsAreDocumented()
    {
        var replace = Operations().Single(o => o.Method == "put" && o.Path == "/api/v1/config/virtual-servers/{name}").Operation.GetProperty("responses");

        Assert.All(new[] { "400", "404", "409", "412", "422" }, status => Assert.True(replace.TryGetProperty(status, out _), $"no {status}"));
    }
}
