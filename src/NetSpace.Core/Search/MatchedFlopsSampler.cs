using NetSpace.Specs;

namespace NetSpace.Search;

/// <summary>
/// Uniformly random architectures of a search space whose FLOPs (backbone, neck and one task's head) are within
/// a relative tolerance of a target: the matched-complexity baseline a search must beat. Rejection sampling over
/// seeded uniform draws; duplicates are skipped.
/// </summary>
public static class MatchedFlopsSampler
{
    /// <summary>Draws tried before giving up.</summary>
    public const int MaxDraws = 2_000_000;

    /// <summary>
    /// Up to <paramref name="count"/> distinct architectures (choice indices per decision) with
    /// |flops / <paramref name="target"/> − 1| ≤ <paramref name="tolerance"/>, in the order drawn from
    /// <c>new Random(seed)</c>. Fewer are returned when <see cref="MaxDraws"/> draws do not find them.
    /// </summary>
    public static IReadOnlyList<int[]> Draw(SearchSpace space, VisionTask task, long target, double tolerance, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(target, 0);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var random = new Random(seed);
        var found = new List<int[]>();
        for (int draw = 0; draw < MaxDraws && found.Count < count; draw++)
        {
            var arch = space.Sample(random);
            if (Math.Abs(((double)space.Flops(arch, task) / target) - 1) <= tolerance && !found.Any(f => f.SequenceEqual(arch)))
            {
                found.Add(arch);
            }
        }

        return found;
    }
}
