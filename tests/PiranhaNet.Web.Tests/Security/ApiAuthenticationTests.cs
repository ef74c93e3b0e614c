using System.Net;
using PiranhaNet.Web.Testing;
using PiranhaNet.Web.Tests.Api;

namespace PiranhaNet.Web.Tests.Security;

public class ApiAuthenticationTests
{
    [Fact]
    public async Task Api_WithoutCredentials_Returns401ProblemWithBasicChallenge()
    {
        await using var server = await DashboardServer.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = server.Address };

        var response = await anonymous.GetAsync("api/v1/config");

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Api_WrongPassword_Returns401AndLogsWithoutThePassword()
    {
        await using var server = await DashboardServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.Address };
        client.DefaultRequestHeaders.Authorization = DashboardServer.BasicAuthorization(DashboardServer.AdminUser, "hunter2-wrong");

        var response = await client.GetAsync("api/v1/config");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(server.Log.Messages, m => m.Contains("Failed login for user 'piranha' from 127.0.0.1", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Log.Messages, m => m.Contains("hunter2-wrong", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Api_FiveFailures_ThrottleEvenTheRightPassword()
    {
        await using var server = await DashboardServer.StartAsync();
        using var wrong = new HttpClient { BaseAddress = server.Address };
        wrong.DefaultRequestHeaders.Authorization = DashboardServer.BasicAuthorization(DashboardServer.AdminUser, "wrong password");
        for (var i = 0; i < PiranhaNet.Web.Security.LoginThrottle.MaxFailures; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("api/v1/config")).StatusCode);
        }

        var right = await server.Client.GetAsync("api/v1/config");

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains(server.Log.Messages, m => m.Contains("too many failed attempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Api_BeforeFirstRunSetup_Returns503SayingSo()
    {
        await using var server = await DashboardServer.StartAsync(withAdmin: false);

        var problem = await (await server.Client.GetAsync("api/v1/config")).ProblemAsync(HttpStatusCode.ServiceUnavailable);

        Assert.Contains("piranhanet passwd", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Pages_WithoutSession_RedirectToLogin()
    {
        await using var server = await DashboardServer.StartAsync();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address };

        var response = await browser.GetAsync("virtual-servers");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
    }
}
