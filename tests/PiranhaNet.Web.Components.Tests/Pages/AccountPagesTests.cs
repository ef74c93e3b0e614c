using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Web.Components.Pages;
using PiranhaNet.Web.Components.Tests.Shared;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Components.Tests.Pages;

public class AccountPagesTests : DashboardComponentTest
{
    [Fact]
    public void Login_Invalid_ShowsTheErrorAndPostsToTheAccountEndpoint()
    {
        NavigateTo("login?error=invalid&returnUrl=%2Fhistory");
        var cut = Render<Login>();

        Assert.Equal("Wrong user name or password.", cut.Find("#login-error").TextContent);
        Assert.Equal(("post", "account/login"), (cut.Find("form").GetAttribute("method"), cut.Find("form").GetAttribute("action")));
        Assert.Equal("/history", cut.Find("input[name=returnUrl]").GetAttribute("value"));
        Assert.Equal("current-password", cut.Find("#password").GetAttribute("autocomplete"));
    }

    [Fact]
    public void Login_Throttled_SaysHowLongToWait()
    {
        NavigateTo("login?error=throttled&retry=42");
        var cut = Render<Login>();

        Assert.Equal("Too many failed attempts. Try again in 42 seconds.", cut.Find("#login-error").TextContent);
    }

    [Fact]
    public void Setup_NoAdministrator_OffersTheForm()
    {
        RemoveEveryUser();
        var cut = Render<Setup>();

        cut.WaitForElement("#create-admin");
        Assert.Equal("piranha", cut.Find("#userName").GetAttribute("value"));
        Assert.Equal("account/setup", cut.Find("form").GetAttribute("action"));
    }

    [Fact]
    public void Setup_AdministratorExists_OffersSignInInstead()
    {
        // The test context's admin "piranha" exists.
        var cut = Render<Setup>();

        cut.WaitForAssertion(() => Assert.Contains("An administrator already exists", cut.Markup));
        Assert.Empty(cut.FindAll("form"));
    }

    [Fact]
    public void ChangePassword_Error_IsShown()
    {
        NavigateTo("account/password?error=the%20current%20password%20is%20wrong");
        var cut = Render<ChangePassword>();

        Assert.Equal("the current password is wrong", cut.Find("#password-error").TextContent);
        Assert.Equal("account/password", cut.Find("form").GetAttribute("action"));
    }

    private void NavigateTo(string relative) => Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo(relative);

    [Fact]
    public void NotFound_LinksHome()
    {
        Assert.Contains("There is no page here.", Render<NotFound>().Markup);
    }
}
