using NetSpace.Analysis;

namespace NetSpace.Tests.Analysis;

public class StatisticsTests
{
    [Fact]
    public void PercentileMatchesNumpysLinearInterpolation()
    {
        // np.percentile([1, 2, 3, 4], [2.5, 50, 97.5]) = [1.075, 2.5, 3.925]:
        // position (n − 1)·p/100 = 3·0.025 = 0.075 → 1 + 0.075·(2 − 1) = 1.075;
        // 3·0.5 = 1.5 → halfway between 2 and 3 = 2.5; 3·0.975 = 2.925 → 3 + 0.925·(4 − 3) = 3.925.
        double[] values = [4, 1, 3, 2];
        Assert.Equal(1.075, Statistics.Percentile(values, 2.5), 12);
        Assert.Equal(2.5, Statistics.Percentile(values, 50), 12);
        Assert.Equal(3.925, Statistics.Percentile(values, 97.5), 12);
        Assert.Equal([1.075, 2.5, 3.925], Statistics.Percentiles(values, [2.5, 50, 97.5]).Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void PercentileEndsAndSmallCases()
    {
        // [10, 20, 30]: p = 25 → position 0.5 → 15; p = 40 → position 0.8 → 10 + 0.8·10 = 18.
        Assert.Equal(15, Statistics.Percentile([30, 10, 20], 25), 12);
        Assert.Equal(18, Statistics.Percentile([30, 10, 20], 40), 12);
        Assert.Equal(10, Statistics.Percentile([30, 10, 20], 0));
        Assert.Equal(30, Statistics.Percentile([30, 10, 20], 100));
        Assert.Equal(7, Statistics.Percentile([7], 63));
    }

    [Fact]
    public void MedianAveragesTheTwoMiddleValuesForEvenCounts()
    {
        Assert.Equal(2, Statistics.Median([3, 1, 2]));
        Assert.Equal(2.5, Statistics.Median([4, 1, 3, 2]));
        Assert.Equal(2.5, Statistics.Mean([4, 1, 3, 2]));
    }

    [Fact]
    public void BadInputIsRejectedByName()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Statistics.Median([])).Message);
        Assert.Contains("values[1]", Assert.Throws<ArgumentException>(() => Statistics.Percentile([1, double.NaN], 50)).Message);
        Assert.Throws<ArgumentException>(() => Statistics.Percentile([1, 2], 101));
        Assert.Throws<ArgumentException>(() => Statistics.Percentile([1, 2], double.NaN));
    }
}
