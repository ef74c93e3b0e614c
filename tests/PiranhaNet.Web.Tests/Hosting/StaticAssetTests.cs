using System.Net;
using System.Text.RegularExpressions;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Hosting;

/// <summary>
/// What a browser fetches before anyone has signed in (or before first-run setup): the SDK's own blazor.web.js as the
/// page names it, the component library's files and the dashboard's own, each served whole, none sent to sign-in.
/// </summary>
public partial class StaticAssetTests
{
    [Theory]
    [InlineData(true, "login")]
    [InlineData(false, "setup")]
    public async Task PageBeforeSignIn_ItsScriptsAndStylesAreServed(bool withAdmin, string page)
    {
        await using var server = await DashboardServer.StartAsync(withAdmin);
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address };

        var html = await anonymous.GetStringAsync(page);
        var assets = AssetReference().Matches(html).Select(m => m.Groups["path"].Value).ToList();
        // The SDK's script and MudBlazor's files as fingerprinted by MapStaticAssets, and the dashboard's own.
        Assert.Contains(assets, a => BlazorScript().IsMatch(a));
        Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/MudBlazor.min.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/MudBlazor.min.", StringComparison.Ordinal) && a.EndsWith(".js", StringComparison.Ordinal));
        Assert.DoesNotContain(assets, a => a.Contains("Radzen", StringComparison.OrdinalIgnoreCase));

        foreach (var path in assets)
        {
            var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {response.Headers.Location}");
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100, $"{path} is served empty");
        }
        Assert.Contains("css/app.css", assets);
        Assert.Contains("js/reconnect-modal.js", assets);
        Assert.Contains("js/theme.js", assets);
    }

    // Every script and style sheet the page names, and its icon.
    [GeneratedRegex("<(?:script|link)[^>]* (?:src|href)=\"(?<path>[^\"]+)\"")]
    private static partial Regex AssetReference();

    [GeneratedRegex("^_framework/blazor\\.web\\.[a-z0-9]+\\.js$")]
    private static partial Regex BlazorScript();
}
