namespace NetSpace.Analysis;

/// <summary>
/// The two-sample Kolmogorov–Smirnov test: how likely a distance at least as large as the observed one is when both
/// samples come from the same continuous distribution. Exact for small samples (m·n ≤ 10,000, as scipy's
/// <c>ks_2samp</c> with <c>method='auto'</c>), by counting the lattice paths that stay inside the band (Hodges 1957);
/// above that, Kolmogorov's limiting distribution of √(mn/(m+n))·D. Ties are not corrected for (the test is then
/// conservative), which matters little for errors measured on thousands of images.
/// </summary>
public static class KolmogorovSmirnovTest
{
    /// <summary>Largest m·n for which the exact distribution is used.</summary>
    public const long ExactLimit = 10_000;

    /// <summary>Two-sided p-value P(D ≥ <paramref name="d"/>) for samples of sizes <paramref name="m"/> and <paramref name="n"/>.</summary>
    public static double PValue(double d, int m, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (double.IsNaN(d) || d < 0 || d > 1 + 1e-12)
        {
            throw new ArgumentOutOfRangeException(nameof(d), d, "a KS distance lies in [0, 1]");
        }

        if ((long)m * n <= ExactLimit)
        {
            return ExactPValue(d, m, n);
        }

        double en = (double)m * n / (m + n);
        return KolmogorovSurvival(Math.Sqrt(en) * d);
    }

    /// <summary>
    /// The smallest p-value samples of these sizes can give (the two samples completely separated, D = 1):
    /// 2 / C(m+n, m) in the exact case. When it is above the significance level, no result can be significant.
    /// </summary>
    public static double SmallestPValue(int m, int n) => PValue(1, m, n);

    /// <summary>
    /// Exact P(D ≥ d): one minus the share of the C(m+n, m) equally likely orderings of the pooled sample whose EDF
    /// difference stays below d at every step. D is a multiple of 1/lcm(m, n); it is rounded to that grid first so
    /// that floating-point noise in <paramref name="d"/> does not move a path across the band's edge.
    /// </summary>
    public static double ExactPValue(double d, int m, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        long g = Gcd(m, n);
        long lcm = (long)m / g * n;
        long h = (long)Math.Round(d * lcm);
        if (h <= 0)
        {
            return 1.0;
        }

        // At step (i, j) the EDF difference is |i/m − j/n| = |i·n − j·m| / (m·n) = |i·n − j·m| / (g·lcm);
        // a path is inside while |i·n − j·m| < h·g. q[j] is the share of paths to (i, j) that stayed inside
        // (shares instead of counts: C(m+n, m) overflows long long before m·n reaches the exact limit).
        long bound = h * g;
        var q = new double[n + 1];
        for (int i = 0; i <= m; i++)
        {
            for (int j = 0; j <= n; j++)
            {
                if (Math.Abs(((long)i * n) - ((long)j * m)) >= bound)
                {
                    q[j] = 0;
                    continue;
                }

                if (i == 0 && j == 0)
                {
                    q[j] = 1;
                    continue;
                }

                // Of the paths to (i, j), a share i/(i+j) comes from (i−1, j) and j/(i+j) from (i, j−1).
                double fromAbove = i > 0 ? q[j] * i / (i + j) : 0;
                double fromLeft = j > 0 ? q[j - 1] * j / (i + j) : 0;
                q[j] = fromAbove + fromLeft;
            }
        }

        return Math.Clamp(1 - q[n], 0, 1);
    }

    /// <summary>Kolmogorov's limiting survival function Q(z) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²z²} (1 for small z).</summary>
    public static double KolmogorovSurvival(double z)
    {
        if (z < 0.2)
        {
            return 1.0; // the series converges slowly here and the value is 1 to 15 digits
        }

        double sum = 0;
        for (int k = 1; k <= 100; k++)
        {
            double term = Math.Exp(-2.0 * k * k * z * z);
            sum += (k % 2 == 1 ? term : -term);
            if (term < 1e-17)
            {
                break;
            }
        }

        return Math.Clamp(2 * sum, 0, 1);
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
