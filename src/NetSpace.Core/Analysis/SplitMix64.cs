namespace NetSpace.Analysis;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): a tiny generator whose sequence is fixed by its seed on every
/// runtime, unlike <see cref="Random"/>, whose algorithm .NET does not promise to keep. Bounded integers are
/// drawn by Lemire's multiply-and-reject method, so they are exactly uniform.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform integer in [0, n), n ≥ 1.</summary>
    public int NextInt(int n)
    {
        ulong bound = (ulong)n;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong high = Math.BigMul(NextUInt64(), bound, out ulong low);
            if (low >= threshold)
            {
                return (int)high;
            }
        }
    }
}
