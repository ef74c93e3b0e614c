using System.CommandLine;

namespace PiranhaNet.Agent.Hosting;

/// <summary>
/// The command-line option that chooses a dataplane, for the agent's <c>--dataplane</c> and the dashboard's
/// <c>--local-dataplane</c> alike: a <see cref="DataplaneChoice"/> by name, anything else refused naming the choices.
/// </summary>
public static class DataplaneOption
{
    /// <summary>The option <paramref name="name"/>, auto by default.</summary>
    public static Option<DataplaneChoice> Create(string name, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => DataplaneChoice.Auto,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Enum.TryParse<DataplaneChoice>(text, ignoreCase: true, out var choice) && Enum.IsDefined(choice))
            {
                return choice;
            }
            result.AddError($"{name} must be auto, ipvs, nftables or userspace, not '{text}'");
            return default;
        },
    };
}
