using Microsoft.Extensions.Options;

namespace PiranhaNet.Agent.Hosting;

/// <summary>Checks <see cref="AgentOptions"/> at start; every problem is named, with the option it belongs to.</summary>
internal sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        // Every problem is collected, not only the first.
        var problems = new List<string>();
        if (options.Controllers.Count == 0)
        {
            problems.Add("--controller is required: the dashboard's URL");
        }
        foreach (var controller in options.Controllers.Where(c => c is not { IsAbsoluteUri: true, Scheme: "http" or "https" }))
        {
            problems.Add($"--controller must be an http:// or https:// URL, not '{controller}'");
        }
        if (string.IsNullOrWhiteSpace(options.Token))
        {
            problems.Add("--token (or --token-file) is required");
        }
        if (string.IsNullOrWhiteSpace(options.Name) || options.Name.Any(char.IsWhiteSpace))
        {
            problems.Add($"--name must be one word, not '{options.Name}'");
        }
        if (string.IsNullOrWhiteSpace(options.StateDirectory))
        {
            problems.Add("--state-dir must name a directory");
        }
        if (options.KeepAlive <= TimeSpan.Zero)
        {
            problems.Add($"--keep-alive must be more than 0 seconds, not {options.KeepAlive.TotalSeconds}");
        }
        if (options.ReconcileInterval < TimeSpan.Zero)
        {
            problems.Add($"--reconcile-interval must be 0 or more seconds, not {options.ReconcileInterval.TotalSeconds}");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
