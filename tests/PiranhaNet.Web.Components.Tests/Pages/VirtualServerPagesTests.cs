using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Editing;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Components.Controls;
using PiranhaNet.Web.Components.Dialogs;
using PiranhaNet.Web.Components.Pages;
using PiranhaNet.Web.Components.Tests.Shared;

namespace PiranhaNet.Web.Components.Tests.Pages;

public class VirtualServerPagesTests : DashboardComponentTest
{
    [Fact]
    public async Task VirtualServers_Loaded_ShowsEveryColumnOfEachServer()
    {
        await SeedAsync(Web.AddVirtualServer(Web.VirtualServers[0] with { Name = "dns", Address = "192.0.2.53", Port = 53, Protocol = TransportProtocol.Udp, Active = false }));

        var cut = Render<VirtualServers>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#virtual-servers-grid tbody tr").Count));
        var dns = cut.FindAll("#virtual-servers-grid tbody tr").Single(r => r.TextContent.Contains("dns"));
        Assert.Contains("inactive", dns.TextContent);
        Assert.Contains("192.0.2.53", dns.TextContent);
        Assert.Contains("UDP", dns.TextContent);
        Assert.Contains("2/2 active", dns.TextContent);
    }

    [Fact]
    public async Task VirtualServers_Search_FiltersRows()
    {
        await SeedAsync(Web.AddVirtualServer(Web.VirtualServers[0] with { Name = "dns", Address = "192.0.2.53" }));
        var cut = Render<VirtualServers>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#virtual-servers-grid tbody tr").Count));

        cut.Find("#search").Input("192.0.2.53");

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("#virtual-servers-grid tbody tr")));
    }

    [Fact]
    public async Task VirtualServers_Deactivate_DraftsTheChange()
    {
        await SeedAsync(Web);
        var cut = Render<VirtualServers>();
        cut.WaitForElement("button[aria-label='Deactivate web']");

        cut.Find("button[aria-label='Deactivate web']").Click();

        cut.WaitForAssertion(() => Assert.False(Draft().Config.VirtualServers[0].Active));
    }

    [Fact]
    public async Task VirtualServers_DeleteConfirmed_RemovesFromDraft()
    {
        await SeedAsync(Web);
        var cut = Render<VirtualServers>();
        cut.WaitForElement("button[aria-label='Delete web']");
        _ = AnswerNextDialog("Delete");

        cut.Find("button[aria-label='Delete web']").Click();

        cut.WaitForAssertion(() => Assert.Empty(Draft().Config.VirtualServers));
    }

    [Fact]
    public async Task VirtualServers_DeleteCancelled_ChangesNothing()
    {
        await SeedAsync(Web);
        var cut = Render<VirtualServers>();
        cut.WaitForElement("button[aria-label='Delete web']");
        var answered = AnswerNextDialog("Cancel");

        // Awaited: the button's handler, a save included, has finished when the click returns.
        await cut.Find("button[aria-label='Delete web']").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        Assert.True(answered.IsCompleted, "no confirmation was asked for");
        Assert.Empty((await DraftAsync()).Changes);
        Assert.Single((await DraftAsync()).Config.VirtualServers);
    }

    [Fact]
    public async Task VirtualServerEdit_New_ValidatesAgainstClusterAsYouType_RefusesToSave_ThenSavesOnceValid()
    {
        await SeedAsync(Web with { Global = Web.Global with { Network = NetworkType.Nat }, VirtualServers = [] });
        var cut = Render<VirtualServerEdit>();
        cut.WaitForElement("#vs-name");

        cut.Find("#vs-name").Input("api");
        cut.Find("#vs-address").Input("192.0.2.11");

        cut.WaitForAssertion(() => Assert.Contains("NAT forwarding needs a NAT router address", cut.Find(".error-summary").TextContent));
        await cut.Find("form").SubmitAsync();
        Assert.Contains(NotificationTexts(), text => text.StartsWith("Not saved", StringComparison.Ordinal));
        Assert.Empty((await DraftAsync()).Changes);

        // With the NAT router set (on the global settings), the same edit saves.
        await Drafts.ChangeAsync(c => c with { Global = c.Global with { NatRouterAddress = "10.0.0.254", NatRouterDevice = "eth1:1", NatRouterNetmask = "255.255.255.0" } }, "piranha",
            CancellationToken.None);
        var again = Render<VirtualServerEdit>();
        again.WaitForElement("#vs-name");
        again.Find("#vs-name").Input("api");
        again.Find("#vs-address").Input("192.0.2.11");
        await again.Find("form").SubmitAsync();
        Assert.True((await DraftAsync()).Config.VirtualServers.Any(v => v.Name == "api"), string.Join(" | ", NotificationTexts()));
    }

    [Fact]
    public async Task VirtualServerEdit_New_WithADirectorOnNftables_StartsWithWrr_WhichItCarriesOut()
    {
        var nat = Web.Global with { Network = NetworkType.Nat, NatRouterAddress = "10.0.0.254", NatRouterDevice = "eth1:1", NatRouterNetmask = "255.255.255.0" };
        await SeedAsync(Web with { Global = nat, VirtualServers = [] });
        await Services.GetRequiredService<Data.DirectorStore>().AddAsync("lvs2", "hash", "test", CancellationToken.None);
        await Services.GetRequiredService<Agents.DirectorDataplanes>().RecordAsync("lvs2", "nftables", CancellationToken.None);
        var cut = Render<VirtualServerEdit>();
        cut.WaitForElement("#vs-name");

        cut.Find("#vs-name").Input("api");
        cut.Find("#vs-address").Input("192.0.2.11");
        await cut.Find("form").SubmitAsync();

        // Piranha's default, wlc, would be refused for lvs2 (DirectorDataplaneTests): the new server saves as it is.
        Assert.Equal("wrr", Assert.Single((await DraftAsync()).Config.VirtualServers).Scheduler);
    }

    [Fact]
    public async Task VirtualServerEdit_Existing_RenameSavesUnderTheNewName()
    {
        await SeedAsync(Web);
        var cut = Render<VirtualServerEdit>(p => p.Add(e => e.Name, "web"));
        cut.WaitForElement("#vs-name");

        cut.Find("#vs-name").Input("www");
        cut.FindAll("form")[0].Submit();

        cut.WaitForAssertion(() => Assert.Equal(["www"], Draft().Config.VirtualServers.Select(v => v.Name)));
        Assert.EndsWith("/virtual-servers/www", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task VirtualServerEdit_SchedulerWithFlags_OffersOnlyItsFlags()
    {
        await SeedAsync(Web with { VirtualServers = [Web.VirtualServers[0] with { Scheduler = "sh" }] });

        var cut = Render<VirtualServerEdit>(p => p.Add(e => e.Name, "web"));

        cut.WaitForAssertion(() => Assert.Equal(["vs-flag-sh-fallback", "vs-flag-sh-port"], cut.FindAll("input[id^='vs-flag-']").Select(e => e.Id).ToList()));
        Assert.Contains("Static hash of the client IP", cut.Markup);
    }

    [Fact]
    public async Task VirtualServerEdit_Missing_SaysItDoesNotExist()
    {
        await SeedAsync(Web);

        var cut = Render<VirtualServerEdit>(p => p.Add(e => e.Name, "gone"));

        cut.WaitForAssertion(() => Assert.Contains("Virtual server 'gone' does not exist", cut.Markup));
    }

    // The real-server grid of virtual server web; the changes it sends are collected in `sent`.
    private IRenderedComponent<RealServerGrid> RenderRealServerGrid(List<(Func<LvsConfig, LvsConfig> Change, string Message)> sent) =>
        Render<RealServerGrid>(p => p
            .Add(g => g.VirtualServer, Web.VirtualServers[0])
            .Add(g => g.Check, _ => [])
            .Add(g => g.Change, ((Func<LvsConfig, LvsConfig>, string) edit) => sent.Add(edit)));

    [Fact]
    public void RealServerGrid_Drain_SendsAChangeThatDrainsKeepingWeight()
    {
        var sent = new List<(Func<LvsConfig, LvsConfig> Change, string Message)>();
        var cut = RenderRealServerGrid(sent);

        cut.Find("button[aria-label='Drain r2']").Click();

        var drained = Assert.Single(sent).Change(Web).GetRealServer("web", "r2");
        Assert.Equal((true, 3, 0), (drained.Drain, drained.Weight, drained.EffectiveWeight));
        Assert.Equal("Real server r2 draining", sent[0].Message);
    }

    [Fact]
    public void RealServerGrid_Drain_AppliesToTheServerAsTheDraftHoldsItNow()
    {
        var sent = new List<(Func<LvsConfig, LvsConfig> Change, string Message)>();
        var cut = RenderRealServerGrid(sent);
        // Meanwhile another browser set r2's weight to 7.
        var edited = Web.UpdateRealServer("web", "r2", r => r with { Weight = 7 });

        cut.Find("button[aria-label='Drain r2']").Click();

        var drained = Assert.Single(sent).Change(edited).GetRealServer("web", "r2");
        Assert.Equal((true, 7), (drained.Drain, drained.Weight));
    }

    [Fact]
    public void RealServerGrid_Maintenance_SendsAChangeThatTakesItOutOfTheTable()
    {
        var sent = new List<(Func<LvsConfig, LvsConfig> Change, string Message)>();
        var cut = RenderRealServerGrid(sent);

        cut.Find("button[aria-label='Maintenance for r2']").Click();

        var changed = Assert.Single(sent).Change(Web);
        Assert.True(changed.GetRealServer("web", "r2").Maintenance);
        Assert.Equal("Real server r2 in maintenance", sent[0].Message);
        Assert.DoesNotContain(PiranhaNet.Core.Ipvs.DesiredTable.From(changed)[0].Destinations, d => d.Address.ToString() == changed.GetRealServer("web", "r2").Address);
    }

    // An "add real server" dialog of virtual server web, opened through MudBlazor's dialog service as the grid opens
    // it, checked by the real validator, filled in with name r3.
    private async Task<(IRenderedComponent<MudBlazor.MudDialogProvider> Provider, MudBlazor.IDialogReference Dialog)> OpenAddRealServerDialogAsync()
    {
        var provider = Render<MudBlazor.MudDialogProvider>();
        Func<Func<LvsConfig, LvsConfig>, IReadOnlyList<ValidationError>> check = change => ConfigValidator.Default.Validate(change(Web));
        var parameters = new MudBlazor.DialogParameters<RealServerDialog> { { d => d.VirtualServer, "web" }, { d => d.Check, check } };
        var dialogs = Services.GetRequiredService<MudBlazor.IDialogService>();
        var dialog = await provider.InvokeAsync(() => dialogs.ShowAsync<RealServerDialog>("Add real server", parameters));
        provider.Find("#rs-name").Input("r3");
        provider.Find("#rs-address").Input("192.0.2.23");
        return (provider, dialog);
    }

    [Fact]
    public async Task RealServerDialog_InvalidWeight_ShowsErrorAndStaysOpen()
    {
        var (cut, dialog) = await OpenAddRealServerDialogAsync();

        cut.Find("input#rs-weight").Change("70000");
        cut.Find("form").Submit();

        Assert.Equal("weight 70000 is out of range 0..65535", cut.Find(".config-field-invalid .config-field-error").TextContent);
        Assert.False(dialog.Result.IsCompleted);
        Assert.NotEmpty(cut.FindAll("[role=dialog] form"));
    }

    [Fact]
    public async Task RealServerDialog_Thresholds_LowerAboveUpperIsRefusedThenAccepted()
    {
        var (cut, dialog) = await OpenAddRealServerDialogAsync();
        cut.Find("input#rs-uthreshold").Change("100");
        cut.Find("input#rs-lthreshold").Change("150");

        cut.Find("form").Submit();
        var error = cut.Find(".config-field-invalid .config-field-error").TextContent;
        cut.Find("input#rs-lthreshold").Change("80");
        cut.Find("form").Submit();

        Assert.Equal("lower connection threshold 150 must be below the upper one (100)", error);
        var result = await dialog.Result.WaitAsync(DefaultWaitTimeout);
        Assert.Equal(new RealServerConfig { Name = "r3", Address = "192.0.2.23", Active = true, UpperThreshold = 100, LowerThreshold = 80 }, result!.Data);
    }

    [Fact]
    public async Task RealServerDialog_Valid_ClosesWithTheServer()
    {
        var (cut, dialog) = await OpenAddRealServerDialogAsync();

        cut.Find("form").Submit();

        var result = await dialog.Result.WaitAsync(DefaultWaitTimeout);
        Assert.False(result!.Canceled);
        Assert.Equal(new RealServerConfig { Name = "r3", Address = "192.0.2.23", Active = true }, result.Data);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[role=dialog]")));
    }

    [Fact]
    public async Task RealServerDialog_NotifyCommands_AreKeptAndABlankOneIsLeftOut()
    {
        var (cut, dialog) = await OpenAddRealServerDialogAsync();
        cut.Find("#rs-notify-up").Input("/usr/local/bin/up %r");
        cut.Find("#rs-notify-down").Input("   ");

        cut.Find("form").Submit();

        var result = await dialog.Result.WaitAsync(DefaultWaitTimeout);
        Assert.Equal(("/usr/local/bin/up %r", null), (((RealServerConfig)result!.Data!).NotifyUp, ((RealServerConfig)result.Data!).NotifyDown));
    }

    [Fact]
    public async Task RealServerDialog_Cancel_ClosesWithoutAServer()
    {
        var (cut, dialog) = await OpenAddRealServerDialogAsync();

        cut.Find("#rs-cancel").Click();

        var result = await dialog.Result.WaitAsync(DefaultWaitTimeout);
        Assert.True(result!.Canceled);
    }

    [Fact]
    public void HealthCheckFields_ProgramWithWeights_OffersTheExitCodeWeightOnlyWhereThereAreWeights()
    {
        HealthCheckConfig? edited = null;
        var check = new HealthCheckConfig { Kind = HealthCheckKind.Program, SendProgram = "/usr/local/bin/load %h" };
        var withWeights = Render<HealthCheckFields>(p => p
            .Add(f => f.Value, check)
            .Add(f => f.PathPrefix, "virtualServers[web].healthCheck")
            .Add(f => f.ValueChanged, (HealthCheckConfig v) => edited = v));
        var failover = Render<HealthCheckFields>(p => p.Add(f => f.Value, check).Add(f => f.PathPrefix, "failoverServices[ftp].healthCheck").Add(f => f.HasWeights, false));

        withWeights.Find("input#dynamic-weight").Change(true);

        Assert.True(edited!.DynamicWeight);
        Assert.Empty(failover.FindAll("#dynamic-weight"));
    }

    [Fact]
    public void HealthCheckFields_Http_ShowsHttpFieldsAndSendsEdits()
    {
        HealthCheckConfig? edited = null;
        var cut = Render<HealthCheckFields>(p => p
            .Add(f => f.Value, new HealthCheckConfig { Kind = HealthCheckKind.Https })
            .Add(f => f.PathPrefix, "virtualServers[web].healthCheck")
            .Add(f => f.ValueChanged, (HealthCheckConfig v) => edited = v));

        cut.Find("#http-path").Input("/healthz");

        Assert.NotEmpty(cut.FindAll("#tls-verify"));
        Assert.Empty(cut.FindAll("#send"));
        Assert.Equal("/healthz", edited!.HttpPath);
    }

    [Fact]
    public void HealthCheckFields_Send_TypedWithEscapesIsStoredDecoded()
    {
        HealthCheckConfig? edited = null;
        var cut = Render<HealthCheckFields>(p => p
            .Add(f => f.Value, new HealthCheckConfig { Kind = HealthCheckKind.SendExpect, Send = "GET / HTTP/1.0\r\n\r\n" })
            .Add(f => f.PathPrefix, "virtualServers[web].healthCheck")
            .Add(f => f.ValueChanged, (HealthCheckConfig v) => edited = v));

        Assert.Equal(@"GET / HTTP/1.0\r\n\r\n", cut.Find("#send").GetAttribute("value"));
        cut.Find("#send").Input(@"QUIT\r\n");

        Assert.Equal("QUIT\r\n", edited!.Send);
    }

    [Fact]
    public void HealthCheckFields_FallRiseAndTimeout_AreEditable()
    {
        HealthCheckConfig? edited = null;
        var cut = Render<HealthCheckFields>(p => p
            .Add(f => f.Value, new HealthCheckConfig())
            .Add(f => f.PathPrefix, "virtualServers[web].healthCheck")
            .Add(f => f.ValueChanged, (HealthCheckConfig v) => edited = v));

        cut.Find("input#check-fall").Change("3");

        Assert.Equal(3, edited!.Fall);
        Assert.Equal("5", cut.Find("input#check-timeout").GetAttribute("value"));
        Assert.Equal("1", cut.Find("input#check-rise").GetAttribute("value"));
    }
}
