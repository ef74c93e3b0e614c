using PiranhaNet.Core.Model;
using PiranhaNet.Core.Validation.Rules;

namespace PiranhaNet.Core.Validation;

/// <summary>
/// Runs every rule and returns all their problems together: an operator fixes a file in one pass
/// instead of one error at a time. Rules run in a fixed order so the output is stable.
/// </summary>
public sealed class ConfigValidator(IEnumerable<IConfigRule> rules) : IConfigValidator
{
    private readonly IConfigRule[] _rules = [.. rules];

    /// <summary>A validator with every built-in rule.</summary>
    public static ConfigValidator Default { get; } = new(BuiltInRules());

    /// <summary>
    /// The built-in rules and <see cref="DataplaneRule"/>: a configuration must also be one that every director in
    /// <paramref name="directors"/> can carry out on its dataplane.
    /// </summary>
    public static ConfigValidator ForDirectors(Dataplanes.IDirectorDataplanes directors) => new([.. BuiltInRules(), new DataplaneRule(directors)]);

    private static IConfigRule[] BuiltInRules() =>
    [
        new ServiceKindRule(),
        new NameRule(),
        new AddressRule(),
        new PortRule(),
        new RangeRule(),
        new WordRule(),
        new SchedulerRule(),
        new DuplicateServiceRule(),
        new NatRouterRule(),
        new RedundancyRule(),
        new ClusterRule(),
        new HealthCheckRule(),
        new FailoverServiceRule(),
        new NotifyCommandRule(),
    ];

    /// <inheritdoc />
    public IReadOnlyList<ValidationError> Validate(LvsConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<ValidationError>();
        foreach (var rule in _rules)
        {
            rule.Check(config, errors);
        }
        return errors;
    }
}
