namespace PiranhaNet.Web.Api;

/// <summary>A request the API cannot act on (a malformed header or body); answered with 400 and this message.</summary>
public sealed class ApiBadRequestException(string message) : Exception(message);
