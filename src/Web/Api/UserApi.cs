using Microsoft.AspNetCore.Http.HttpResults;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Api;

/// <summary>The users (admin only), and who the caller is (anyone signed in).</summary>
public static class UserApi
{
    /// <summary>A user as the API shows it (never the password hash).</summary>
    public sealed record UserView(string Name, string Role, bool Disabled, DateTimeOffset PasswordChangedAt, DateTimeOffset CreatedAt, string CreatedBy);

    /// <summary>The caller: the user, their role, and how they authenticated.</summary>
    public sealed record Me(string Name, string Role, string Via);

    /// <summary>A new user.</summary>
    public sealed record NewUser(string Name, string Role, string Password);

    /// <summary>A role to give.</summary>
    public sealed record RoleChange(string Role);

    /// <summary>A password to set.</summary>
    public sealed record PasswordChange(string Password);

    /// <summary>Maps <c>/me</c> and <c>/users</c>.</summary>
    public static RouteGroupBuilder MapUserApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", GetMe).WithTags("Users").WithName("GetMe").WithSummary("The caller: user name, role and how they authenticated")
            .RequireAuthorization(Roles.Viewer);
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("", List).WithName("ListUsers").WithSummary("Every user with role and state").RequireAuthorization(Roles.Admin);
        users.MapPost("", Add).WithName("AddUser").WithSummary("Add a user with a role (admin, operator or viewer) and a password")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity).RequireAuthorization(Roles.Admin);
        users.MapPut("/{name}/role", SetRole).WithName("SetUserRole").WithSummary("Change a user's role; the last enabled admin keeps theirs")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Roles.Admin);
        users.MapPost("/{name}/disable", Disable).WithName("DisableUser").WithSummary("Disable a user: their sessions and tokens stop at once")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Roles.Admin);
        users.MapPost("/{name}/enable", Enable).WithName("EnableUser").WithSummary("Enable a disabled user")
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Roles.Admin);
        users.MapPut("/{name}/password", SetPassword).WithName("ResetUserPassword").WithSummary("Set a user's password; their older sessions end")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity).RequireAuthorization(Roles.Admin);
        users.MapDelete("/{name}", Delete).WithName("DeleteUser").WithSummary("Delete a user and end their sessions and tokens; the last enabled admin stays")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Roles.Admin);
        return api;
    }

    private static Ok<Me> GetMe(HttpContext http)
    {
        var actor = Actor.Of(http.User, null);
        return TypedResults.Ok(new Me(actor.Name, UserPrincipals.RoleOf(http.User) ?? "", actor.Via));
    }

    private static async Task<Ok<List<UserView>>> List(UserAccounts accounts, CancellationToken ct) =>
        TypedResults.Ok((await accounts.ListAsync(ct)).Select(View).ToList());

    private static async Task<Results<Created<UserView>, ProblemHttpResult>> Add(NewUser user, UserAccounts accounts, HttpContext http, CancellationToken ct)
    {
        if (await accounts.GetAsync(user.Name ?? "", ct) is not null)
        {
            return Problem(StatusCodes.Status409Conflict, "Already exists", $"a user named '{user.Name}' already exists");
        }
        if (await accounts.AddAsync(user.Name ?? "", user.Role ?? "", user.Password ?? "", user.Password ?? "", Actor.Of(http.User, null).Name, ct) is { } problem)
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, "The user is invalid", problem);
        }
        var added = (await accounts.GetAsync(user.Name!, ct))!;
        return TypedResults.Created($"/api/v1/users/{Uri.EscapeDataString(added.Name)}", View(added));
    }

    private static Task<Results<NoContent, ProblemHttpResult>> SetRole(string name, RoleChange change, UserAccounts accounts, CancellationToken ct) =>
        ChangeAsync(name, accounts, () => accounts.SetRoleAsync(name, change.Role ?? "", ct),
            Roles.IsRole(change.Role) ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity, ct);

    private static Task<Results<NoContent, ProblemHttpResult>> Disable(string name, UserAccounts accounts, CancellationToken ct) =>
        ChangeAsync(name, accounts, () => accounts.SetDisabledAsync(name, true, ct), StatusCodes.Status409Conflict, ct);

    private static Task<Results<NoContent, ProblemHttpResult>> Enable(string name, UserAccounts accounts, CancellationToken ct) =>
        ChangeAsync(name, accounts, () => accounts.SetDisabledAsync(name, false, ct), StatusCodes.Status409Conflict, ct);

    private static Task<Results<NoContent, ProblemHttpResult>> Delete(string name, UserAccounts accounts, CancellationToken ct) =>
        ChangeAsync(name, accounts, () => accounts.DeleteAsync(name, ct), StatusCodes.Status409Conflict, ct);

    private static Task<Results<NoContent, ProblemHttpResult>> SetPassword(string name, PasswordChange change, UserAccounts accounts, CancellationToken ct) =>
        ChangeAsync(name, accounts, async () =>
            PasswordHasher.Problem(change.Password) ?? (await accounts.SetPasswordAsync(name, change.Password!, ct) ? null : $"there is no user named '{name}'"),
            StatusCodes.Status422UnprocessableEntity, ct);

    // A change of an existing user: 404 when there is none, the problem with the given status when refused, else 204.
    private static async Task<Results<NoContent, ProblemHttpResult>> ChangeAsync(string name, UserAccounts accounts, Func<Task<string?>> change,
        int refusedStatus, CancellationToken ct)
    {
        if (await accounts.GetAsync(name, ct) is null)
        {
            return Problem(StatusCodes.Status404NotFound, "Not found", $"there is no user named '{name}'");
        }
        return await change() is { } problem
            ? Problem(refusedStatus, refusedStatus == StatusCodes.Status409Conflict ? "Refused" : "Invalid", problem)
            : TypedResults.NoContent();
    }

    private static UserView View(UserStore.User user) => new(user.Name, user.Role, user.Disabled, user.PasswordChangedAt, user.CreatedAt, user.CreatedBy);

    private static ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
