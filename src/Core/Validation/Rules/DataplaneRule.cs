using PiranhaNet.Core.Dataplanes;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Validation.Rules;

/// <summary>
/// A configuration is one that every director's dataplane can carry out: each problem <see cref="NftablesLimits"/>
/// finds is an error for as long as some director runs nftables, naming those directors. Other dataplanes take
/// every valid configuration.
/// </summary>
internal sealed class DataplaneRule(IDirectorDataplanes directors) : IConfigRule
{
    /// <inheritdoc />
    public void Check(LvsConfig config, ICollection<ValidationError> errors)
    {
        var onNftables = directors.Known.Where(d => d.Dataplane == DataplaneNames.Nftables).Select(d => d.Director).ToList();
        if (onNftables.Count == 0)
        {
            return;
        }
        var who = onNftables.Count == 1 ? $"director {onNftables[0]} runs it" : $"directors {string.Join(", ", onNftables)} run it";
        foreach (var problem in NftablesLimits.Check(config))
        {
            errors.Add(problem with { Message = $"{problem.Message} ({who})" });
        }
    }
}
