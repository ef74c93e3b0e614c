using System.Text.Json;

namespace PiranhaNet.Core.Json;

/// <summary>
/// Keeps the full JSON path of an error inside a list. The list converter deserializes its items in a nested
/// call whose paths start at the list ("$[0].port"); the serializer only knows the outer path
/// ("$.virtualServers"). Each nesting level carries the inner part up in <see cref="Exception.Data"/>, and
/// <see cref="Describe"/> joins the two.
/// </summary>
public static class JsonErrorPath
{
    private const string ItemPathKey = "PiranhaNet.ItemPath";

    /// <summary>An exception for the outer serializer to fill its own path into, remembering the inner one.</summary>
    internal static JsonException Nest(JsonException inner)
    {
        var innerPath = (inner.Path ?? "$").TrimStart('$') + (inner.Data[ItemPathKey] as string ?? "");
        var nested = new JsonException(BaseMessage(inner), inner);
        nested.Data[ItemPathKey] = innerPath;
        return nested;
    }

    /// <summary>The error's message and its full path, e.g. "... (at $.virtualServers[0].realServers[1].weight)".</summary>
    public static string Describe(JsonException error)
    {
        if (error.Data[ItemPathKey] is not string itemPath)
        {
            return error.Message;
        }
        return $"{BaseMessage(error)} (at {error.Path ?? "$"}{itemPath})";
    }

    // The serializer's own messages end with " Path: ... | LineNumber: ..."; the path is reported separately.
    private static string BaseMessage(JsonException error)
    {
        var message = error.Message;
        var at = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }
}
