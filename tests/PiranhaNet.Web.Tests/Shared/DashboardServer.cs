using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PiranhaNet.Web;
using PiranhaNet.Web.Hosting;

namespace PiranhaNet.Web.Tests.Shared;

/// <summary>The real dashboard on Kestrel at 127.0.0.1 with a random port and a fresh SQLite file.</summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public string DataDirectory => _directory.Path;

    public static async Task<DashboardServer> StartAsync()
    {
        var server = new DashboardServer();
        server._app = DashboardApp.Build(new WebOptions { Urls = "http://127.0.0.1:0", DataDirectory = server._directory.Path });
        await DashboardApp.StartAsync(server._app);
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        return server;
    }

    /// <summary>Sends a JSON body with an optional If-Match version.</summary>
    public Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string path, string json, int? ifMatch = null) =>
        SendAsync(method, path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), ifMatch);

    /// <summary>Sends a text/plain body with an optional If-Match version.</summary>
    public Task<HttpResponseMessage> SendTextAsync(HttpMethod method, string path, string text, int? ifMatch = null) =>
        SendAsync(method, path, new StringContent(text, System.Text.Encoding.UTF8, "text/plain"), ifMatch);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, int? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (ifMatch is { } version)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        }
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _directory.Dispose();
    }
}
