using NetSpace.Analysis;

namespace NetSpace.Tests.Analysis;

public class BinnedTrendTests
{
    [Fact]
    public void QuartilesOfYPerEqualWidthBinOfX()
    {
        // x = 1..10 in 3 bins of width 3: [1, 4) → 1, 2, 3; [4, 7) → 4, 5, 6; [7, 10] → 7, 8, 9, 10. y = 10·x.
        // Bin 0: y 10, 20, 30 → median 20, p25 (position 0.5) 15, p75 (position 1.5) 25; centre 2.5.
        // Bin 2: y 70, 80, 90, 100 → median 85, p25 (position 0.75) 77.5, p75 (position 2.25) 92.5; centre 8.5.
        var xs = Enumerable.Range(1, 10).Select(i => (double)i).ToArray();
        var bins = BinnedTrend.Compute(xs, xs.Select(x => 10 * x).ToArray(), 3);
        Assert.Equal(3, bins.Count);
        Assert.Equal(new TrendBin(1, 4, 2.5, 3, 20, 15, 25), bins[0]);
        Assert.Equal(new TrendBin(4, 7, 5.5, 3, 50, 45, 55), bins[1]);
        Assert.Equal(new TrendBin(7, 10, 8.5, 4, 85, 77.5, 92.5), bins[2]);
    }

    [Fact]
    public void LogBinsHaveGeometricCentresAndEmptyBinsAreSkipped()
    {
        // ln x over [1, 100] in 2 bins: [1, 10) → 1, 2; [10, 100] → 20, 50, 100. Centres √10 and √1000.
        var bins = BinnedTrend.Compute([1, 2, 20, 50, 100], [5, 7, 1, 2, 3], 2, logX: true);
        Assert.Equal(2, bins.Count);
        Assert.Equal(Math.Sqrt(10), bins[0].Center, 12);
        Assert.Equal(Math.Sqrt(1000), bins[1].Center, 12);
        Assert.Equal((2, 6.0), (bins[0].Count, bins[0].Median));
        Assert.Equal((3, 2.0), (bins[1].Count, bins[1].Median));

        // x = 1, 2, 9, 10 in 4 bins of width 2.25: bins 1 and 2 are empty and left out.
        var sparse = BinnedTrend.Compute([1, 2, 9, 10], [1, 2, 3, 4], 4);
        Assert.Equal([1.0, 7.75], sparse.Select(b => b.Low));
        Assert.Equal([2, 2], sparse.Select(b => b.Count));
    }

    [Fact]
    public void ConstantXGivesOneBin()
    {
        var bins = BinnedTrend.Compute([3, 3, 3], [1, 2, 3], 5);
        Assert.Equal(new TrendBin(3, 3, 3, 3, 2, 1.5, 2.5), Assert.Single(bins));
    }

    [Fact]
    public void BadInputIsRejected()
    {
        Assert.Throws<ArgumentException>(() => BinnedTrend.Compute([0, 1], [1, 2], 2, logX: true));
        Assert.Throws<ArgumentException>(() => BinnedTrend.Compute([1, 2], [1], 2));
        Assert.Throws<ArgumentException>(() => BinnedTrend.Compute([1, 2], [1, 2], 0));
        Assert.Contains("ys[1]", Assert.Throws<ArgumentException>(() => BinnedTrend.Compute([1, 2], [1, double.NaN], 2)).Message);
    }
}
