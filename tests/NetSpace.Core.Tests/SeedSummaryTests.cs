using NetSpace.Analysis;

namespace NetSpace.Tests;

public class SeedSummaryTests
{
    [Fact]
    public void MeanStdAndStudentIntervalOfThreeValues()
    {
        var s = SeedSummary.Of([0.93, 0.94, 0.95]);
        Assert.Equal(0.94, s.Mean, 12);
        Assert.Equal(0.01, s.Std, 12);
        Assert.Equal(3, s.N);

        // t(0.975, 2) = 4.303: half-width 4.303 · 0.01 / √3 = 0.024843
        Assert.Equal(0.94 - 0.024843, s.Low!.Value, 5);
        Assert.Equal(0.94 + 0.024843, s.High!.Value, 5);
        Assert.Equal("94.00 ± 1.00 (95% CI 91.52–96.48, n = 3)", s.Format(100));
    }

    [Fact]
    public void OneValueHasNoInterval()
    {
        var s = SeedSummary.Of([0.5]);
        Assert.Equal(0, s.Std);
        Assert.Null(s.Low);
        Assert.Equal("50.00 (n = 1)", s.Format(100));
    }

    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(4, 2.776)]
    [InlineData(30, 2.042)]
    [InlineData(60, 2.000)]
    [InlineData(120, 1.980)]
    public void TQuantilesMatchTheTables(int df, double expected) =>
        Assert.Equal(expected, SeedSummary.TQuantile975(df), 3);
}
