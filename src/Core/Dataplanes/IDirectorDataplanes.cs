namespace PiranhaNet.Core.Dataplanes;

/// <summary>A director and the dataplane its agent runs.</summary>
/// <param name="Director">The director's name.</param>
/// <param name="Dataplane">One of <see cref="DataplaneNames"/>.</param>
public sealed record DirectorDataplane(string Director, string Dataplane);

/// <summary>
/// Which dataplane each director runs, as far as is known now: a configuration must be one every director can carry
/// out (<see cref="Validation.Rules.DataplaneRule"/>). The dashboard knows its directors; an agent knows itself.
/// </summary>
public interface IDirectorDataplanes
{
    /// <summary>The directors whose dataplane is known, in a stable order.</summary>
    IReadOnlyList<DirectorDataplane> Known { get; }
}

/// <summary>A fixed list of directors and dataplanes (an agent's own, a test's).</summary>
public sealed class FixedDirectorDataplanes(params DirectorDataplane[] directors) : IDirectorDataplanes
{
    /// <inheritdoc />
    public IReadOnlyList<DirectorDataplane> Known { get; } = directors;
}
