namespace PiranhaNet.Core.Serialization;

/// <summary>Finds the known word nearest to a misspelt one, for "did you mean" hints.</summary>
internal static class ClosestMatch
{
    /// <summary>
    /// The candidate with the smallest edit distance, or null when there are none. Ties prefer a candidate
    /// with the same first letter, then the alphabetically first, so the hint never depends on table order.
    /// </summary>
    public static string? Find(string word, IEnumerable<string> candidates) =>
        candidates.Select(c => (Candidate: c, Distance: Distance(word, c)))
            .OrderBy(x => x.Distance)
            .ThenBy(x => word.Length > 0 && x.Candidate.Length > 0 && x.Candidate[0] == word[0] ? 0 : 1)
            .ThenBy(x => x.Candidate, StringComparer.Ordinal)
            .Select(x => x.Candidate)
            .FirstOrDefault();

    /// <summary>Levenshtein distance (two rows; the words here are short keys).</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
