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
        var blazor = BlazorScript().Match(html);
        Assert.True(blazor.Success, $"the {page} page names no blazor.web.js: {html}");

        foreach (var path in new[] { blazor.Groups["src"].Value, "css/app.css", "js/reconnect-modal.js", "favicon.svg", "_content/Radzen.Blazor/Radzen.Blazor.js" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {response.Headers.Location}");
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100, $"{path} is served empty");
        }
    }

    [GeneratedRegex("<script src=\"(?<src>_framework/blazor\\.web\\.[a-z0-9]+\\.js)\"")]
    private static partial Regex BlazorScript();
}
