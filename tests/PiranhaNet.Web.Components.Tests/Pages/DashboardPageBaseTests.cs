using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Components.Pages;
using PiranhaNet.Web.Components.Tests.Shared;

namespace PiranhaNet.Web.Components.Tests.Pages;

/// <summary>What every page inherits for live data: following the directors, whenever the page asks to.</summary>
public class DashboardPageBaseTests : DashboardComponentTest
{
    [Fact]
    public void FollowDirectors_AskedAfterAnAwaitInInitialisation_StillFollows()
    {
        var cut = Render<FollowsAfterAnAwait>();
        cut.WaitForAssertion(() => Assert.Equal("following: ", cut.Markup));

        var registry = Services.GetRequiredService<AgentRegistry>();
        registry.Connected(new AgentRegistry.AgentSession("lvs1", new System.Net.WebSockets.ClientWebSocket()), new HelloMessage("lvs1", "userspace", 1, true));

        cut.WaitForAssertion(() => Assert.Equal("following: lvs1", cut.Markup));
    }

    // A page that reads something first, as most do (the store), and asks to follow the directors after that.
    private sealed class FollowsAfterAnAwait : DashboardPageBase
    {
        private string? _shown;

        protected override async Task OnInitializedAsync()
        {
            await Task.Yield();
            FollowDirectors((views, _) => _shown = "following: " + string.Join(",", views.Keys.Order(StringComparer.Ordinal)));
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder) => builder.AddContent(0, _shown ?? "not following");
    }
}
