using PiranhaNet.Agent;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(AgentOptions.Usage);
    return 0;
}
if (AgentOptions.Parse(args, out var error) is null)
{
    Console.Error.WriteLine($"piranhanet-agent: {error}");
    Console.Error.WriteLine(AgentOptions.Usage);
    return 2;
}
// The connection to the dashboard and the dataplanes are built under the agent issue; until then the
// agent refuses to start rather than pretend to manage a director.
Console.Error.WriteLine("piranhanet-agent: this build has no dataplane yet; see the agent issue");
return 1;
