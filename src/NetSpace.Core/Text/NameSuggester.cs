namespace NetSpace.Text;

/// <summary>Suggests registry names close to a misspelt one (edit distance, then a shared 4-letter prefix).</summary>
public static class NameSuggester
{
    /// <summary>Up to <paramref name="count"/> names of <paramref name="names"/> closest to <paramref name="query"/>.</summary>
    public static IReadOnlyList<string> Suggest(string? query, IEnumerable<string> names, int count = 3)
    {
        string q = (query ?? string.Empty).Trim().ToLowerInvariant();
        return names
            .Select(n => (Name: n, Distance: EditDistance(q, n)))
            .Where(x => x.Distance <= Math.Max(2, q.Length / 3) || (q.Length >= 4 && x.Name.StartsWith(q[..4], StringComparison.Ordinal)))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(x => x.Name)
            .ToArray();
    }

    /// <summary>Levenshtein distance.</summary>
    public static int EditDistance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
