using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PiranhaNet.Web.PlaywrightTests;

[Collection(BrowserCollection.Name)]
public class SignInTests(BrowserFixture browser)
{
    [Fact]
    public async Task FirstRun_CreateAdministrator_SignsInAndRefusesWrongPassword()
    {
        await using var session = await DashboardSession.StartAsync(browser, "first-run", withAdmin: false);
        var page = session.Page;

        await page.GotoAsync("");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/setup$"));
        await session.ScreenshotAsync("setup");
        await page.GetByLabel("Password (at least").FillAsync("short");
        await page.GetByLabel("Password again").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create and sign in" }).ClickAsync();
        await Expect(page.Locator("#setup-error")).ToHaveTextAsync("the password must have at least 8 characters");

        await page.GetByLabel("Password (at least").FillAsync("a good long password");
        await page.GetByLabel("Password again").FillAsync("a good long password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create and sign in" }).ClickAsync();
        await DashboardSession.WaitInteractiveAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Control / Monitoring" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?signedOut=1$"));
        await page.GetByLabel("User name").FillAsync("piranha");
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#login-error")).ToHaveTextAsync("Wrong user name or password.");
        await session.ScreenshotAsync("wrong-password");

        await page.GetByLabel("User name").FillAsync("piranha");
        await page.GetByLabel("Password").FillAsync("a good long password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await DashboardSession.WaitInteractiveAsync(page);
        await Expect(page.Locator(".user-name")).ToHaveTextAsync("piranha");
    }

    [Fact]
    public async Task Login_Keyboard_TabsFromUserNameToPasswordToButton()
    {
        await using var session = await DashboardSession.StartAsync(browser, "keyboard");
        var page = session.Page;
        await page.GotoAsync("login");

        await page.GetByLabel("User name").FocusAsync();
        await page.Keyboard.TypeAsync("piranha");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(PiranhaNet.Web.Testing.DashboardServer.AdminPassword);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("sign-in", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.PressAsync("Enter");

        await DashboardSession.WaitInteractiveAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Control / Monitoring" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ChangePassword_NewPassword_WorksForTheNextSignIn()
    {
        await using var session = await DashboardSession.StartAsync(browser, "change-password");
        await session.SignInAsync();
        var page = session.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "Change password" }).ClickAsync();
        await page.GetByLabel("Current password").FillAsync(PiranhaNet.Web.Testing.DashboardServer.AdminPassword);
        await page.GetByLabel("New password (at least").FillAsync("another long password");
        await page.GetByLabel("New password again").FillAsync("another long password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.Locator("#password-changed")).ToBeVisibleAsync();
        await session.ScreenshotAsync("changed");

        var (outcome, _, _) = await ((PiranhaNet.Web.Security.UserAccounts)session.Server.Services.GetService(typeof(PiranhaNet.Web.Security.UserAccounts))!)
            .LoginAsync("piranha", "another long password", "test", CancellationToken.None);
        Assert.Equal(PiranhaNet.Web.Security.UserAccounts.LoginOutcome.Success, outcome);
    }
}
