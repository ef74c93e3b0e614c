using PiranhaNet.Core.Model;
using PiranhaNet.Web.Components.Pages;
using PiranhaNet.Web.Components.Tests.Shared;

namespace PiranhaNet.Web.Components.Tests.Pages;

public class SettingsPagesTests : DashboardComponentTest
{
    [Fact]
    public async Task GlobalSettings_Loaded_ShowsStoredValues()
    {
        await SeedAsync(Web);

        var cut = Render<GlobalSettings>();

        cut.WaitForAssertion(() => Assert.Equal("192.0.2.1", cut.Find("#primary").GetAttribute("value")));
    }

    [Fact]
    public async Task GlobalSettings_BadAddressTyped_ShowsTheModelsMessageUnderTheField()
    {
        await SeedAsync(Web);
        var cut = Render<GlobalSettings>();
        cut.WaitForElement("#primary");

        cut.Find("#primary").Input("192.0.2.999");

        cut.WaitForAssertion(() => Assert.Equal("'192.0.2.999' is not an IPv4 or IPv6 address",
            cut.Find(".config-field-invalid .config-field-error").TextContent));
    }

    [Fact]
    public async Task GlobalSettings_Save_PutsTheChangeInTheDraft()
    {
        await SeedAsync(Web);
        var cut = Render<GlobalSettings>();
        cut.WaitForElement("#primary");

        cut.Find("#primary").Input("192.0.2.5");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("192.0.2.5", Draft().Config.Global.Primary));
    }

    [Fact]
    public async Task GlobalSettings_SaveInvalid_SavesNothing()
    {
        await SeedAsync(Web);
        var cut = Render<GlobalSettings>();
        cut.WaitForElement("#primary");

        cut.Find("#primary").Input("not an address");
        await cut.Find("form").SubmitAsync();

        Assert.Contains(NotificationTexts(), text => text.StartsWith("Not saved", StringComparison.Ordinal));
        Assert.NotEmpty(cut.FindAll(".error-summary"));
        Assert.Empty((await DraftAsync()).Changes);
    }

    [Fact]
    public async Task Redundancy_EnableWithoutBackup_ShowsWhatIsMissing()
    {
        await SeedAsync(Web);
        var cut = Render<Redundancy>();
        cut.WaitForElement("#enable");

        cut.Find("#enable").Click();

        cut.WaitForAssertion(() => Assert.Contains("a backup director needs its public address", cut.Find(".error-summary").TextContent));
        Assert.Equal("enabled", cut.Find("#backup-status").TextContent);
    }

    [Fact]
    public async Task Redundancy_EnableWithBackupAndSave_StoresItInTheDraft()
    {
        await SeedAsync(Web);
        var cut = Render<Redundancy>();
        cut.WaitForElement("#enable");

        cut.Find("#enable").Click();
        cut.Find("#backup").Input("192.0.2.2");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal(new RedundancyConfig { Enabled = true, Heartbeat = true, Backup = "192.0.2.2" }, Draft().Config.Redundancy));
    }

    [Fact]
    public async Task Redundancy_Reset_ClearsEverySetting()
    {
        await SeedAsync(Web with { Redundancy = new RedundancyConfig { Enabled = true, Heartbeat = true, Backup = "192.0.2.2", Keepalive = 1 } });
        var cut = Render<Redundancy>();
        cut.WaitForElement("#reset");

        cut.Find("#reset").Click();
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal(new RedundancyConfig(), Draft().Config.Redundancy));
    }
}
