using NetSpace.Analysis;

namespace NetSpace.Tests.Analysis;

public class KolmogorovSmirnovTestTests
{
    // Reference p-values P(D ≥ d) computed independently by enumerating every one of the C(m+n, m) assignments of
    // the pooled ranks to the two samples with exact fractions (/usr/bin/python3, itertools + fractions); they equal
    // scipy.stats.ks_2samp(..., method='exact') for untied samples.
    [Theory]
    [InlineData(3, 4, 1.0 / 2, 0.6571428571428571)]
    [InlineData(3, 4, 2.0 / 3, 0.4)]
    [InlineData(3, 4, 3.0 / 4, 0.22857142857142856)]
    [InlineData(3, 4, 1.0, 0.05714285714285714)]
    [InlineData(5, 5, 3.0 / 5, 0.35714285714285715)]
    [InlineData(5, 5, 4.0 / 5, 0.07936507936507936)]
    [InlineData(5, 7, 5.0 / 7, 0.06565656565656566)]
    [InlineData(5, 7, 4.0 / 5, 0.030303030303030304)]
    [InlineData(6, 8, 3.0 / 4, 0.022644022644022644)]
    [InlineData(8, 8, 5.0 / 8, 0.08702408702408702)]
    [InlineData(8, 8, 7.0 / 8, 0.0024864024864024864)]
    [InlineData(4, 10, 3.0 / 4, 0.04595404595404595)]
    [InlineData(4, 10, 1.0, 0.001998001998001998)]
    public void ExactPValuesMatchFullEnumeration(int m, int n, double d, double expected)
    {
        Assert.Equal(expected, KolmogorovSmirnovTest.PValue(d, m, n), 12);
        Assert.Equal(expected, KolmogorovSmirnovTest.PValue(d, n, m), 12); // symmetric in the sizes
    }

    [Fact]
    public void DistanceOnTheGridIsNotMovedByRoundingNoise()
    {
        // 0.6 computed as 3/5 in floating point may be 0.6000000000000001 or 0.5999999999999999.
        Assert.Equal(0.35714285714285715, KolmogorovSmirnovTest.PValue(0.6 - 1e-15, 5, 5), 12);
        Assert.Equal(0.35714285714285715, KolmogorovSmirnovTest.PValue(0.6 + 1e-15, 5, 5), 12);
    }

    [Fact]
    public void ZeroDistanceHasPValueOne() => Assert.Equal(1.0, KolmogorovSmirnovTest.PValue(0, 16, 16));

    [Fact]
    public void SmallestPValueIsTwoOverTheNumberOfOrderings()
    {
        Assert.Equal(2.0 / 35, KolmogorovSmirnovTest.SmallestPValue(3, 4), 12);  // C(7, 3) = 35
        Assert.Equal(2.0 / 252, KolmogorovSmirnovTest.SmallestPValue(5, 5), 12); // C(10, 5) = 252
    }

    [Theory]
    // Kolmogorov's distribution: P(K ≤ 1.3581) = 0.95 and P(K ≤ 1.6276) = 0.99 (the classic critical values),
    // Q(1) = 0.26999967 (tabulated), Q(0.5) = 0.96394524.
    [InlineData(1.3581, 0.05, 4)]
    [InlineData(1.6276, 0.01, 4)]
    [InlineData(1.0, 0.26999967, 7)]
    [InlineData(0.5, 0.96394524, 7)]
    public void KolmogorovSurvivalMatchesTables(double z, double expected, int digits) =>
        Assert.Equal(expected, KolmogorovSmirnovTest.KolmogorovSurvival(z), digits);

    [Fact]
    public void LargeSamplesUseTheLimitingDistribution()
    {
        // m·n = 200·200 > 10,000: p = Q(√(mn/(m+n))·D) = Q(√100·0.13581) = Q(1.3581) ≈ 0.05.
        Assert.Equal(0.05, KolmogorovSmirnovTest.PValue(0.13581, 200, 200), 3);
        // Near the switch the two agree roughly (the limit is a little conservative... or not: within 0.02).
        double exact = KolmogorovSmirnovTest.ExactPValue(0.2, 100, 100);
        double asymptotic = KolmogorovSmirnovTest.KolmogorovSurvival(Math.Sqrt(50) * 0.2);
        Assert.InRange(Math.Abs(exact - asymptotic), 0, 0.02);
    }

    [Fact]
    public void RejectsImpossibleDistances()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnovTest.PValue(1.5, 5, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnovTest.PValue(-0.1, 5, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnovTest.PValue(0.5, 0, 5));
    }
}
