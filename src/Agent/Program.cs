using PiranhaNet.Agent.Hosting;

return await AgentCommandLine.RunAsync(args, Console.Out, Console.Error);
