namespace NetSpace.Search;

/// <summary>The K most probable joint choices of independent categorical decisions, exactly and best first.</summary>
public static class TopArchitectures
{
    /// <summary>
    /// Best-first enumeration over rank vectors (each decision's choices sorted by probability): a state's
    /// successors raise one rank at or after the last raised position, so every vector has exactly one parent
    /// and a child is never more probable than its parent.
    /// </summary>
    public static IReadOnlyList<int[]> Find(IReadOnlyList<IReadOnlyList<double>> probabilities, int k)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        int n = probabilities.Count;
        var order = probabilities.Select(p => Enumerable.Range(0, p.Count).OrderByDescending(c => p[c]).ThenBy(c => c).ToArray()).ToArray();
        double Log(int d, int rank) => Math.Log(Math.Max(probabilities[d][order[d][rank]], double.Epsilon));
        var queue = new PriorityQueue<(int[] Ranks, int Pivot, double LogP), double>();
        var root = new int[n];
        queue.Enqueue((root, 0, Enumerable.Range(0, n).Sum(d => Log(d, 0))), 0);
        var result = new List<int[]>();
        while (result.Count < k && queue.TryDequeue(out var state, out _))
        {
            result.Add(state.Ranks.Select((r, d) => order[d][r]).ToArray());
            for (int d = state.Pivot; d < n; d++)
            {
                int r = state.Ranks[d];
                if (r + 1 >= order[d].Length)
                {
                    continue;
                }

                var next = (int[])state.Ranks.Clone();
                next[d] = r + 1;
                double logP = state.LogP - Log(d, r) + Log(d, r + 1);
                queue.Enqueue((next, d, logP), -logP);
            }
        }

        return result;
    }
}
