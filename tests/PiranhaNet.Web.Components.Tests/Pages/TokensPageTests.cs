using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Web.Components.Pages;
using PiranhaNet.Web.Components.Tests.Shared;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Components.Tests.Pages;

/// <summary>The API tokens page on the real store: a token made there works, its secret is shown once, revoking stops it.</summary>
public class TokensPageTests : DashboardComponentTest
{
    private ApiTokens Service => Services.GetRequiredService<ApiTokens>();

    [Fact]
    public async Task Create_ShowsTheSecretOnce_AndItAuthenticates()
    {
        var cut = Render<Tokens>();

        cut.Find("#token-name").Input("ansible");
        cut.Find("form").Submit();

        cut.WaitForElement("#token-secret");
        var secret = cut.Find("#token-secret").TextContent;
        var (token, _) = await Service.AuthenticateAsync(secret, CancellationToken.None);
        Assert.Equal(("piranha", "ansible", Roles.Viewer), (token!.Owner.Name, token.Token.Name, token.Role));
        Assert.Contains("ansible", cut.Find("#tokens-grid").TextContent);
        Assert.DoesNotContain(secret, Render<Tokens>().Markup);
    }

    [Fact]
    public void Roles_OfferedUpToTheUsersOwn()
    {
        SignIn("olga", Roles.Operator);

        var cut = Render<Tokens>();

        var offered = cut.FindComponent<PiranhaNet.Web.Components.Controls.ChoiceSelect<string>>().Instance.Options.Select(o => o.Value);
        Assert.Equal([Roles.Viewer, Roles.Operator], offered);
    }

    [Fact]
    public async Task Revoke_Confirmed_StopsTheToken()
    {
        var (created, _) = await Service.CreateAsync("piranha", "ci", Roles.Viewer, null, CancellationToken.None);
        var cut = Render<Tokens>();
        cut.WaitForElement("button[aria-label=\"Revoke piranha's token ci\"]");
        var answered = AnswerNextDialog("Revoke");

        cut.Find("button[aria-label=\"Revoke piranha's token ci\"]").Click();
        await answered;

        cut.WaitForAssertion(() => Assert.Equal("No tokens.", cut.Find("#tokens-grid tbody").TextContent.Trim()));
        Assert.Null((await Service.AuthenticateAsync(created!.Secret, CancellationToken.None)).Token);
        var row = Assert.Single(await Services.GetRequiredService<AuditStore>().ListAsync(new AuditStore.Filter(Action: AuditActions.RevokeToken), CancellationToken.None));
        Assert.Equal(("piranha", "piranha/ci", AuditStore.Outcome.Ok), (row.Actor.Name, row.Target, row.Outcome));
    }

    [Fact]
    public async Task NotAnAdmin_SeesOnlyTheirOwn()
    {
        await Service.CreateAsync("piranha", "admins", Roles.Viewer, null, CancellationToken.None);
        SignIn("olga", Roles.Operator);
        await Service.CreateAsync("olga", "mine", Roles.Viewer, null, CancellationToken.None);

        var cut = Render<Tokens>();

        cut.WaitForAssertion(() => Assert.Contains("mine", cut.Find("#tokens-grid").TextContent));
        Assert.DoesNotContain("admins", cut.Find("#tokens-grid").TextContent);
    }
}
