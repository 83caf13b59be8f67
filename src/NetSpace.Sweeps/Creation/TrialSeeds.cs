namespace NetSpace.Sweeps;

/// <summary>
/// Per-trial seeds derived from the sweep seed and the trial index with SplitMix64, so neighbouring
/// trials get unrelated streams and the same sweep seed always gives the same trial seeds.
/// </summary>
public static class TrialSeeds
{
    /// <summary>The seed of trial <paramref name="index"/> of a sweep with seed <paramref name="sweepSeed"/>: a non-negative 31-bit number.</summary>
    public static long For(long sweepSeed, int index)
    {
        ulong state = Mix((ulong)sweepSeed ^ 0x5357454550UL); // "SWEEP"
        state = Mix(state ^ Mix((ulong)index + 0x9E3779B97F4A7C15UL));
        return (long)(state >> 33);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
