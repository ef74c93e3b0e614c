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
        Assert.NotEmpty(cut.FindAll(".rz-navigation-item-text"));
        Assert.Equal("PiranhaNet", cut.Find(".app-title").TextContent);
    }

    [Fact]
    public void RedirectToLogin_SendsToLoginWithTheReturnAddress()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("virtual-servers/web");

        Render<RedirectToLogin>();

        Assert.Equal("http://localhost/login?returnUrl=%2Fvirtual-servers%2Fweb", navigation.Uri);
    }
}
