using NetSpace.Data;
using NetSpace.Torch.Data;
namespace NetSpace.Torch.Data;

/// <summary>
/// Seeds derived from a run seed and coordinates such as (epoch) or (epoch, batch), so that each
/// coordinate gets its own reproducible stream that does not depend on what was drawn before it —
/// resuming at epoch 7 draws exactly what an uninterrupted run draws at epoch 7.
/// </summary>
internal static class Seeds
{
    /// <summary>Domain tag for the per-epoch sample order.</summary>
    public const long PermutationStream = 0x5045524D; // "PERM"

    /// <summary>Domain tag for per-batch augmentation draws.</summary>
    public const long AugmentationStream = 0x41554721; // "AUG!"

    /// <summary>Domain tag for data-set splits and subsets.</summary>
    public const long SubsetStream = 0x53554253; // "SUBS"

    /// <summary>
    /// A 31-bit seed for <see cref="Random(int)"/> from a seed and coordinates, by chaining
    /// SplitMix64 (a bijective 64-bit mixer) over them. The seeded <see cref="Random"/>
    /// algorithm is kept stable by .NET for compatibility, so the streams are stable too.
    /// </summary>
    public static int Derive(long seed, params ReadOnlySpan<long> coordinates)
    {
        ulong state = Mix((ulong)seed);
        foreach (long c in coordinates)
        {
            state = Mix(state ^ Mix((ulong)c + 0x9E3779B97F4A7C15UL));
        }

        return (int)(state >> 33);
    }

    /// <summary>A permutation of 0..n-1 drawn by Fisher–Yates with <paramref name="random"/>.</summary>
    public static int[] Permutation(int n, Random random)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        // Our own Fisher–Yates rather than Random.Shuffle: its draw sequence is part of what must not change.
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
