using NetSpace.Analysis;

namespace NetSpace.Tests.Analysis;

public class CorrelationTests
{
    [Fact]
    public void PearsonByHand()
    {
        // x = 1, 2, 3, 4; y = 1, 3, 2, 4: means 2.5; dx = dy-pairs (−1.5, −1.5), (−.5, .5), (.5, −.5), (1.5, 1.5).
        // Σdx·dy = 2.25 − .25 − .25 + 2.25 = 4; Σdx² = Σdy² = 5 → r = 4/5 = 0.8.
        Assert.Equal(0.8, Correlation.Pearson([1, 2, 3, 4], [1, 3, 2, 4]), 12);
        Assert.Equal(1, Correlation.Pearson([1, 2, 3], [2, 4, 6]), 12);
        Assert.Equal(-1, Correlation.Pearson([1, 2, 3], [3, 2, 1]), 12);
    }

    [Fact]
    public void SpearmanUsesAverageRanksForTies()
    {
        // Ranks of 10, 20, 20, 30 are 1, 2.5, 2.5, 4. Against x = 1..4: dy = −1.5, 0, 0, 1.5, Σdx·dy = 4.5,
        // Σdx² = 5, Σdy² = 4.5 → ρ = 4.5/√22.5 = 3/√10 = 0.948683.
        Assert.Equal([1, 2.5, 2.5, 4], Correlation.Ranks([10, 20, 20, 30]));
        Assert.Equal(3 / Math.Sqrt(10), Correlation.Spearman([1, 2, 3, 4], [10, 20, 20, 30]), 12);

        // Monotone but not linear: ρ = 1, r < 1.
        Assert.Equal(1, Correlation.Spearman([1, 2, 3, 4], [1, 8, 27, 64]), 12);
        Assert.True(Correlation.Pearson([1, 2, 3, 4], [1, 8, 27, 64]) < 1);
    }

    [Fact]
    public void ConstantInputIsUndefined()
    {
        Assert.True(double.IsNaN(Correlation.Pearson([1, 2, 3], [5, 5, 5])));
        Assert.True(double.IsNaN(Correlation.Spearman([4, 4], [1, 2])));
        Assert.True(double.IsNaN(Correlation.Pearson([1], [2])));
    }

    [Fact]
    public void BadInputIsRejected()
    {
        Assert.Throws<ArgumentException>(() => Correlation.Pearson([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => Correlation.Pearson([], []));
        Assert.Throws<ArgumentException>(() => Correlation.Spearman([1, double.NaN], [1, 2]));
    }
}
