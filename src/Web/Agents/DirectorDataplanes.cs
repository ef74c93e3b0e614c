using System.Collections.Immutable;
using PiranhaNet.Core.Dataplanes;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Agents;

/// <summary>
/// Which dataplane each enrolled director runs, as its agent said when it last connected: kept in the store, so a
/// director that is away still counts, and held here for validation (which runs on every keystroke of an edit and
/// cannot wait for the database). Loaded once at start; each hello updates it.
/// </summary>
public sealed class DirectorDataplanes(DirectorStore directors) : IDirectorDataplanes
{
    private readonly SemaphoreSlim _turns = new(1, 1);
    private ImmutableSortedDictionary<string, string> _known = ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <inheritdoc />
    public IReadOnlyList<DirectorDataplane> Known => [.. _known.Select(d => new DirectorDataplane(d.Key, d.Value))];

    /// <summary>
    /// Reads what the store knows: once the database is migrated, and again when another dashboard on the same store
    /// recorded a director connected there, or revoked one.
    /// </summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        // In turn with the records: a record made while the store was read would be lost by the replacement.
        await _turns.WaitAsync(cancellationToken);
        try
        {
            var stored = await directors.ListAsync(cancellationToken);
            _known = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                stored.Where(d => d.Dataplane is not null).Select(d => KeyValuePair.Create(d.Name, d.Dataplane!)));
        }
        finally
        {
            _turns.Release();
        }
    }

    /// <summary>Records what a connecting director runs, in the store when it changed; true when it changed.</summary>
    public async Task<bool> RecordAsync(string director, string dataplane, CancellationToken cancellationToken)
    {
        if (_known.GetValueOrDefault(director) == dataplane)
        {
            return false;
        }
        await _turns.WaitAsync(cancellationToken);
        try
        {
            // A director revoked meanwhile is not remembered.
            if (!await directors.SetDataplaneAsync(director, dataplane, cancellationToken))
            {
                return false;
            }
            ImmutableInterlocked.Update(ref _known, known => known.SetItem(director, dataplane));
            return true;
        }
        finally
        {
            _turns.Release();
        }
    }

    /// <summary>Forgets a revoked director.</summary>
    public void Forget(string director) => ImmutableInterlocked.Update(ref _known, known => known.Remove(director));
}
