using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Web.Components.Controls;
using PiranhaNet.Web.Components.Layout;
using PiranhaNet.Web.Components.Tests.Shared;

namespace PiranhaNet.Web.Components.Tests.Layout;

public class MainLayoutTests : DashboardComponentTest
{
    [Fact]
    public void MainLayout_Interactive_RendersNavigationBodyAndTheCircuitMarker()
    {
        var cut = Render<MainLayout>(p => p.Add(l => l.Body, builder => builder.AddMarkupContent(0, "<h1>Page body</h1>")));

        Assert.Equal("Page body", cut.Find("main h1").TextContent);
        Assert.Equal("interactive", cut.Find("#render-state").GetAttribute("data-state"));
        Assert.Contains("Virtual servers", cut.FindAll("nav[aria-label=Pages] a").Select(a => a.TextContent.Trim()));
        Assert.Equal("PiranhaNet", cut.Find(".app-title").TextContent);
    }

    [Fact]
    public void MainLayout_DarkChosen_RendersDarkAndTheToggleRemembersLight()
    {
        var cut = Render<MainLayout>(p => p
            .Add(l => l.Body, builder => builder.AddMarkupContent(0, "<h1>Page body</h1>"))
            .AddCascadingValue(new ThemeChoice(Dark: true)));
        Assert.Equal("dark", cut.Find(".app-layout").GetAttribute("data-theme"));

        cut.Find("button[aria-label='Switch between light and dark theme']").Click();

        Assert.Equal("light", cut.Find(".app-layout").GetAttribute("data-theme"));
        Assert.Equal([false], JSInterop.VerifyInvoke("piranhaTheme.remember").Arguments);
        Assert.Equal("false", cut.Find("#theme-toggle").GetAttribute("aria-pressed"));
    }

    [Theory]
    [InlineData("dark", true)]
    [InlineData("light", false)]
    [InlineData(null, null)]
    [InlineData("purple", null)]
    public void ThemeChoice_FromCookie_ReadsOnlyDarkOrLight(string? cookie, bool? dark) =>
        Assert.Equal(dark, ThemeChoice.From(cookie).Dark);

    [Fact]
    public void RedirectToLogin_SendsToLoginWithTheReturnAddress()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("virtual-servers/web");

        Render<RedirectToLogin>();

        Assert.Equal("http://localhost/login?returnUrl=%2Fvirtual-servers%2Fweb", navigation.Uri);
    }
}
