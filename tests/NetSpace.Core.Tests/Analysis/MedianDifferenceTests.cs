using NetSpace.Analysis;

namespace NetSpace.Tests.Analysis;

public class MedianDifferenceTests
{
    [Fact]
    public void SeparatedSamplesGiveAnIntervalAwayFromZero()
    {
        double[] a = [0.30, 0.31, 0.32, 0.33, 0.34, 0.35, 0.36, 0.37];
        double[] b = [0.20, 0.21, 0.22, 0.23, 0.24, 0.25, 0.26, 0.27];
        var d = MedianDifference.Bootstrap(a, b, draws: 2000, seed: 1);
        Assert.Equal(0.10, d.Estimate, 12); // medians 0.335 and 0.235
        // Every resampled median of a lies in [0.30, 0.37] and of b in [0.20, 0.27]: differences in [0.03, 0.17].
        Assert.InRange(d.Low, 0.03, d.Estimate);
        Assert.InRange(d.High, d.Estimate, 0.17);
        Assert.True(d.ExcludesZero);
    }

    [Fact]
    public void SamePopulationGivesAnIntervalAroundZero()
    {
        double[] a = [0.1, 0.5, 0.2, 0.9, 0.3, 0.7, 0.4, 0.6, 0.8];
        var d = MedianDifference.Bootstrap(a, a.Reverse().ToArray(), draws: 2000, seed: 3);
        Assert.Equal(0, d.Estimate, 12);
        Assert.False(d.ExcludesZero);
        Assert.True(d.Low < 0 && d.High > 0);
    }

    [Fact]
    public void SeededAndRepeatable()
    {
        double[] a = [0.1, 0.4, 0.35, 0.2];
        double[] b = [0.3, 0.25, 0.5];
        Assert.Equal(MedianDifference.Bootstrap(a, b, 500, 7), MedianDifference.Bootstrap(a, b, 500, 7));
    }
}
