using System.Security.Claims;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Security;

/// <summary>The signed-in identity of a user: name, role and the stamp of the password it was opened with.</summary>
public static class UserPrincipals
{
    /// <summary>A principal for <paramref name="user"/> authenticated by <paramref name="scheme"/>.</summary>
    public static ClaimsPrincipal For(UserStore.User user, string scheme) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, user.Name),
            new Claim(ClaimTypes.Role, user.Role),
            new Claim(UserAccounts.PasswordStampClaim, UserAccounts.Stamp(user)),
        ],
        scheme));

    /// <summary>
    /// True while <paramref name="principal"/> still stands for <paramref name="user"/> as stored now: the user exists,
    /// is enabled and has the password the session was opened with. (A changed role is taken as it is now.)
    /// </summary>
    public static bool StillValid(ClaimsPrincipal principal, UserStore.User? user) =>
        user is { Disabled: false } && principal.FindFirstValue(UserAccounts.PasswordStampClaim) == UserAccounts.Stamp(user);

    /// <summary>The role a principal carries, or null.</summary>
    public static string? RoleOf(ClaimsPrincipal principal) => principal.FindFirstValue(ClaimTypes.Role);
}
