using Microsoft.AspNetCore.Http.HttpResults;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Api;

/// <summary>Personal API tokens: each user lists, makes and revokes their own; an admin sees and revokes everyone's.</summary>
public static class TokenApi
{
    /// <summary>A new token's request: its name, role (at most the caller's) and optional expiry.</summary>
    public sealed record NewToken(string Name, string Role, DateTimeOffset? ExpiresAt = null);

    /// <summary>A token as listed (never the secret).</summary>
    public sealed record TokenView(long Id, string Owner, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);

    /// <summary>A token just made, with its secret: shown this once.</summary>
    public sealed record CreatedToken(long Id, string Owner, string Name, string Role, DateTimeOffset? ExpiresAt, string Token);

    /// <summary>Maps <c>/tokens</c>.</summary>
    public static RouteGroupBuilder MapTokenApi(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("Tokens");
        tokens.MapGet("", List).WithName("ListTokens")
            .WithSummary("The caller's tokens; an admin may ask for another user's (?user=NAME) or everyone's (?user=*)")
            .ProducesProblem(StatusCodes.Status403Forbidden).RequireAuthorization(Roles.Viewer);
        tokens.MapPost("", Create).WithName("CreateToken")
            .WithSummary("Make a token for the caller (name, role no higher than theirs, optional expiresAt); the secret is in this response only")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity).RequireAuthorization(Roles.Viewer);
        tokens.MapDelete("/{id:long}", Revoke).WithName("RevokeToken").WithSummary("Revoke one of the caller's tokens (an admin: anyone's)")
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Roles.Viewer);
        return api;
    }

    private static async Task<Results<Ok<List<TokenView>>, ProblemHttpResult>> List(ApiTokens tokens, HttpContext http, CancellationToken ct, string? user = null)
    {
        var caller = http.User.Identity!.Name!;
        var owner = user is null ? caller : user == "*" ? null : user;
        if (owner != caller && UserPrincipals.RoleOf(http.User) != Roles.Admin)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "only an admin sees other users' tokens");
        }
        return TypedResults.Ok((await tokens.ListAsync(owner, ct)).Select(View).ToList());
    }

    private static async Task<Results<Created<CreatedToken>, ProblemHttpResult>> Create(NewToken request, ApiTokens tokens, HttpContext http, CancellationToken ct)
    {
        // Through a token, the ceiling is that token's role: a viewer token cannot mint an operator token.
        var callerRole = UserPrincipals.RoleOf(http.User) ?? Roles.Viewer;
        if (Roles.IsRole(request.Role) && !Roles.Includes(callerRole, request.Role))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The token is invalid",
                detail: $"a token's role cannot be higher than the caller's: {callerRole}");
        }
        var (created, problem) = await tokens.CreateAsync(http.User.Identity!.Name!, request.Name ?? "", request.Role ?? "", request.ExpiresAt, ct);
        if (created is null)
        {
            return TypedResults.Problem(statusCode: problem!.Exists ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
                title: problem.Exists ? "Already exists" : "The token is invalid", detail: problem.Message);
        }
        http.Response.Headers.CacheControl = "no-store";   // the secret must not outlive this response in any cache
        var token = created.Token;
        return TypedResults.Created($"/api/v1/tokens/{token.Id}", new CreatedToken(token.Id, token.Owner, token.Name, token.Role, token.ExpiresAt, created.Secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(long id, ApiTokens tokens, HttpContext http, CancellationToken ct)
    {
        // An admin (through a token: an admin token) revokes anyone's; everyone else their own.
        var onlyOf = UserPrincipals.RoleOf(http.User) == Roles.Admin ? null : http.User.Identity!.Name!;
        return await tokens.RevokeAsync(id, onlyOf, ct) is { } problem
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: problem)
            : TypedResults.NoContent();
    }

    private static TokenView View(ApiTokenStore.Token t) => new(t.Id, t.Owner, t.Name, t.Role, t.CreatedAt, t.ExpiresAt, t.LastUsedAt);
}
