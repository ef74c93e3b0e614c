using PiranhaNet.Web.Cli;

// `piranhanet` is both the dashboard server and the lvs.cf tool; the command line decides which.
return await PiranhaCli.RunAsync(args);
