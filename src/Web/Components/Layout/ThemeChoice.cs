namespace PiranhaNet.Web.Components.Layout;

/// <summary>
/// The light or dark theme the operator chose, read from the <see cref="CookieName"/> cookie when the page was
/// requested; <see cref="Dark"/> is null when they never chose, and the layout follows the system's preference.
/// </summary>
public sealed record ThemeChoice(bool? Dark)
{
    /// <summary>The cookie wwwroot/js/theme.js writes: "dark" or "light".</summary>
    public const string CookieName = "piranhanet-theme";

    /// <summary>The choice a request's cookie value holds.</summary>
    public static ThemeChoice From(string? cookie) => new(cookie switch
    {
        "dark" => true,
        "light" => false,
        _ => null,
    });
}
