using PiranhaNet.Core.Model;
using PiranhaNet.Web.Components.Layout;
using PiranhaNet.Web.Components.Tests.Shared;

namespace PiranhaNet.Web.Components.Tests.Layout;

public class LayoutTests : DashboardComponentTest
{
    [Fact]
    public void NavMenu_LvsCluster_ListsPagesInPiranhasOrder()
    {
        var cut = Render<NavMenu>();

        cut.WaitForAssertion(() => Assert.Equal(
            ["Control / Monitoring", "Global settings", "Redundancy", "Virtual servers", "History", "Events", "Import / export", "Directors", "Audit", "Users"],
            NavLinkTexts(cut)));
    }

    [Fact]
    public void NavMenu_NotAnAdmin_HasNoUsersLink()
    {
        SignIn("olga", PiranhaNet.Web.Security.Roles.Operator);

        var cut = Render<NavMenu>();

        cut.WaitForAssertion(() => Assert.Contains("Audit", NavLinkTexts(cut)));
        Assert.DoesNotContain("Users", NavLinkTexts(cut));
    }

    [Fact]
    public async Task NavMenu_FosCluster_ShowsFailoverServicesInsteadOfVirtualServers()
    {
        await SeedAsync(new LvsConfig { Service = ServiceKind.Fos });

        var cut = Render<NavMenu>();

        cut.WaitForAssertion(() => Assert.Contains("Failover services", NavLinkTexts(cut)));
        Assert.DoesNotContain("Virtual servers", NavLinkTexts(cut));
    }

    // The pages the navigation links to, as their links read.
    private static IEnumerable<string> NavLinkTexts(IRenderedComponent<NavMenu> cut) =>
        cut.FindAll("nav[aria-label=Pages] a").Select(a => a.TextContent.Trim());

    [Fact]
    public void UserMenu_SignedIn_ShowsNameAndSignOutForm()
    {
        var cut = Render<UserMenu>();

        Assert.Equal("piranha", cut.Find(".user-name").TextContent);
        Assert.Equal("account/logout", cut.Find("form").GetAttribute("action"));
        Assert.Equal("post", cut.Find("form").GetAttribute("method"));
    }
}
