using System.CommandLine;
using System.Globalization;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Cli;

/// <summary>
/// <c>piranhanet token create|list|revoke</c>: users' API tokens, edited in the store by whoever can write the data
/// directory. <c>create</c> writes the secret alone on standard output (<c>TOKEN=$(piranhanet token create ...)</c>);
/// it is shown this once. Exit codes as the other commands: 0 done, 1 refused, 2 usage.
/// </summary>
internal static class TokenCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("token", "Make, list or revoke users' API tokens (Authorization: Bearer)");
        command.Subcommands.Add(Make(cli));
        command.Subcommands.Add(List(cli));
        command.Subcommands.Add(Revoke(cli));
        return command;
    }

    private static Command Make(CliContext cli)
    {
        var command = new Command("create", "Make a token for a user; its secret is written to standard output, this once");
        var user = new Option<string>("--user") { Description = "The user the token acts for", Required = true };
        var name = new Option<string>("--name") { Description = "What to call it (one word, unique per user), e.g. ansible", Required = true };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", Roles.All)}, at most the user's", DefaultValueFactory = _ => Roles.Viewer };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var days = new Option<int?>("--expires-days") { Description = "Days until it stops working (default: never)" };
        var data = CliOptions.Data();
        command.Options.Add(user);
        command.Options.Add(name);
        command.Options.Add(role);
        command.Options.Add(days);
        command.Options.Add(data);
        command.SetAction(async (result, ct) =>
        {
            if (result.GetValue(days) is <= 0)
            {
                cli.Error.WriteLine("piranhanet token create: --expires-days must be at least 1");
                return CliContext.Usage;
            }
            await using var store = await CliStore.OpenAsync(CliOptions.StoreOf(result, data), ct);
            var owner = result.GetValue(user)!;
            var expires = result.GetValue(days) is { } d ? DateTimeOffset.UtcNow.AddDays(d) : (DateTimeOffset?)null;
            var (created, problem) = await store.Tokens.CreateAsync(owner, result.GetValue(name)!, result.GetValue(role)!, expires, ct);
            await store.RecordAsync(AuditActions.CreateToken, $"{owner}/{result.GetValue(name)}", problem?.Message, created is null ? "" : $"token {created.Token.Id} as {created.Token.Role}", ct);
            if (created is null)
            {
                cli.Error.WriteLine($"piranhanet token create: {problem}; nothing changed");
                return CliContext.Invalid;
            }
            cli.Error.WriteLine($"token {created.Token.Id} '{created.Token.Name}' of '{owner}' as {created.Token.Role}" +
                (expires is { } at ? string.Create(CultureInfo.InvariantCulture, $", until {at:yyyy-MM-dd HH:mm}Z") : "") + "; copy it now, it is not shown again:");
            cli.Out.WriteLine(created.Secret);
            return CliContext.Ok;
        });
        return command;
    }

    private static Command List(CliContext cli)
    {
        var command = new Command("list", "List tokens (never their secrets): id, user, name, role, expiry, last use");
        var user = new Option<string?>("--user") { Description = "Only this user's (default: everyone's)" };
        var data = CliOptions.Data();
        command.Options.Add(user);
        command.Options.Add(data);
        command.SetAction(async (result, ct) =>
        {
            await using var store = await CliStore.OpenAsync(CliOptions.StoreOf(result, data), ct);
            cli.Out.WriteLine("ID  USER  NAME  ROLE  EXPIRES  LAST USED");
            foreach (var t in await store.Tokens.ListAsync(result.GetValue(user), ct))
            {
                cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{t.Id}  {t.Owner}  {t.Name}  {t.Role}  {(t.ExpiresAt is { } e ? e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "never")}  " +
                    $"{(t.LastUsedAt is { } u ? u.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z" : "never")}"));
            }
            return CliContext.Ok;
        });
        return command;
    }

    private static Command Revoke(CliContext cli)
    {
        var command = new Command("revoke", "Revoke a token by its id: it stops working at once");
        var id = new Argument<long>("id") { Description = "The token's id (see 'piranhanet token list')" };
        var data = CliOptions.Data();
        command.Arguments.Add(id);
        command.Options.Add(data);
        command.SetAction(async (result, ct) =>
        {
            await using var store = await CliStore.OpenAsync(CliOptions.StoreOf(result, data), ct);
            var tokenId = result.GetValue(id);
            // Whoever can write the store may revoke any token, as an admin may.
            var problem = await store.Tokens.RevokeAsync(tokenId, onlyOf: null, ct);
            await store.RecordAsync(AuditActions.RevokeToken, $"token {tokenId}", problem, "", ct);
            if (problem is not null)
            {
                cli.Error.WriteLine($"piranhanet token revoke: {problem}; nothing changed");
                return CliContext.Invalid;
            }
            cli.Out.WriteLine($"token {tokenId} revoked");
            return CliContext.Ok;
        });
        return command;
    }
}
