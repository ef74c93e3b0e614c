using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using PiranhaNet.Web.Components.Pages;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Hosting;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Bench;

/// <summary>
/// Issue 3's figure: server-side render time of the Virtual servers page with 1,000 virtual servers, from the
/// SQLite file to HTML, through Blazor's HtmlRenderer (what the server does before the browser sees anything).
/// </summary>
internal static class GridRenderBenchmarks
{
    private const int Iterations = 20;

    public static async Task RunAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "piranhanet-bench", Guid.NewGuid().ToString("N"));
        try
        {
            var services = new ServiceCollection()
                .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
                .AddPiranhaStore(Path.Combine(directory, "grid.db"))
                .AddPiranhaConfiguration()
                .AddPiranhaAgentChannel()
                .AddPiranhaFeedback()
                .AddSingleton<IJSRuntime, NoJavaScript>()
                .AddSingleton<NavigationManager, BenchNavigation>()
                .AddSingleton<AuthenticationStateProvider, SignedIn>()
                .BuildServiceProvider();
            await services.GetRequiredService<MigrationRunner>().MigrateAsync(CancellationToken.None);
            await services.GetRequiredService<ConfigService>().ReplaceAsync(LargeConfig.Create(1_000, 5), null, "bench", CancellationToken.None);
            await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());

            var html = "";
            await Measurement.TimeAsync("Virtual servers page, 1,000 servers (25 per page)", Iterations, async _ =>
            {
                html = await renderer.Dispatcher.InvokeAsync(async () =>
                {
                    var output = await renderer.RenderComponentAsync<VirtualServers>();
                    await output.QuiescenceTask;
                    return output.ToHtmlString();
                });
            }, "target < 300 ms");
            var rows = html.Split("<tr", StringSplitOptions.None).Length - 1;
            Console.WriteLine($"rendered {html.Length / 1024} KiB of HTML, {rows} table rows; paging summary present: {html.Contains("1-25 of 1,000", StringComparison.Ordinal)}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // HtmlRenderer never runs OnAfterRender, where MudBlazor calls JavaScript; nothing reaches this.
    private sealed class NoJavaScript : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => ValueTask.FromResult(default(TValue)!);
    }

    private sealed class BenchNavigation : NavigationManager
    {
        public BenchNavigation() => Initialize("http://127.0.0.1/", "http://127.0.0.1/virtual-servers");
    }

    private sealed class SignedIn : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new AuthenticationState(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, "bench")], "bench"))));
    }
}
