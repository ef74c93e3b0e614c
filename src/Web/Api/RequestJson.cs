using System.Text.Json;
using PiranhaNet.Core.Json;

namespace PiranhaNet.Web.Api;

/// <summary>
/// Reads a JSON request body with the model's settings. The generic element endpoints read their body here
/// rather than as a handler parameter: ASP.NET Core's route-handler analyzer crashes on parameters whose
/// type is a type parameter.
/// </summary>
internal static class RequestJson
{
    /// <summary>The body as <typeparamref name="T"/>; a malformed body throws the same exception as parameter binding.</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken ct)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, PiranhaJson.Options, ct)
                ?? throw new JsonException("expected an object, found null");
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"the body is not a valid {typeof(T).Name}", StatusCodes.Status400BadRequest, e);
        }
    }
}
