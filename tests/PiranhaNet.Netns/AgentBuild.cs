namespace PiranhaNet.Netns;

/// <summary>
/// Where the agent's own build put <c>piranhanet-agent.dll</c> beside its dependencies. A project that also references
/// ASP.NET Core (the dashboard's tests, the benchmarks) gets the agent's assembly copied but not its packages, which
/// that framework provides to it and not to the agent, so agent processes run from the agent's own output.
/// </summary>
public static class AgentBuild
{
    /// <summary>The agent's assembly in src/Agent/bin/CONFIGURATION/net10.0, the configuration being the caller's own.</summary>
    public static string AssemblyPath { get; } = Find();

    private static string Find()
    {
        var agent = Checkout.File("src", "Agent", "bin", Checkout.Configuration, "net10.0", "piranhanet-agent.dll");
        return File.Exists(agent) ? agent : throw new FileNotFoundException($"the agent is not built: {agent} is missing (dotnet build -c {Checkout.Configuration})");
    }
}
