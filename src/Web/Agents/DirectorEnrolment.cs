using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Services;

namespace PiranhaNet.Web.Agents;

/// <summary>
/// Enrols and revokes directors. A director gets a random one-time-shown token (<see cref="Security.SecretTokens"/>),
/// and its agent authenticates with it.
/// </summary>
public sealed class DirectorEnrolment(DirectorStore store, ChangeNotifier notifier, AgentRegistry registry, DirectorDataplanes dataplanes)
{
    /// <summary>A new director's token, shown once.</summary>
    public sealed record Enrolled(string Name, string Token);

    /// <summary>Enrols <paramref name="name"/>; returns the token, or a problem message.</summary>
    public async Task<(Enrolled? Director, string? Problem)> EnrolAsync(string name, string enrolledBy, CancellationToken cancellationToken)
    {
        if (ConfigNames.Problem(name) is { } problem)
        {
            return (null, problem);
        }
        var token = Security.SecretTokens.New();
        if (!await store.AddAsync(name, HashToken(token), enrolledBy, cancellationToken))
        {
            return (null, $"a director named '{name}' is already enrolled");
        }
        notifier.Notify(ChangeKind.Cluster);
        return (new Enrolled(name, token), null);
    }

    /// <summary>Revokes a director: its token stops working and its connection, if any, is closed at once.</summary>
    public async Task<bool> RevokeAsync(string name, CancellationToken cancellationToken)
    {
        var removed = await store.RemoveAsync(name, cancellationToken);
        registry.Revoke(name);
        dataplanes.Forget(name);
        notifier.Notify(ChangeKind.Cluster);
        return removed;
    }

    /// <summary>The stored form of an enrolment token: its SHA-256, so a copy of the database cannot connect.</summary>
    public static string HashToken(string token) => Security.SecretTokens.Hash(token);

    /// <summary>The command an operator runs on the director.</summary>
    public static string CommandLine(Uri dashboard, Enrolled director) =>
        $"piranhanet-agent --controller {dashboard.GetLeftPart(UriPartial.Authority)} --token {director.Token} --name {director.Name}";
}
