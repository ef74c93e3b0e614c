using PiranhaNet.Agent;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(AgentOptions.Usage);
    return 0;
}
if (AgentOptions.Parse(args, out var error) is not { } options)
{
    Console.Error.WriteLine($"piranhanet-agent: {error}");
    Console.Error.WriteLine(AgentOptions.Usage);
    return 2;
}
var (dataplane, message) = AgentRunner.ChooseDataplane(options.Dataplane);
if (dataplane is null)
{
    Console.Error.WriteLine($"piranhanet-agent: {message}");
    return 2;
}
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
void Log(string line) => Console.WriteLine($"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {options.Name}: {line}");
Log(message);
await AgentRunner.RunAsync(options, dataplane, Log, stop.Token);
return 0;
