using NetSpace.Search;
using NetSpace.Specs;
using Xunit;

namespace NetSpace.Core.Tests.Search;

public class RewardSpreadTests
{
    [Fact]
    public void AdditiveTableSplitsIntoArchitectureAndBatchWithoutResidual()
    {
        // loss = architecture effect (0, 1, 2) + batch effect (0, 10, 20, 30): the architectures differ by a standard
        // deviation of 1, one architecture's loss varies over batches by std(0, 10, 20, 30) = 12.91, and once both
        // effects are removed nothing is left, so a paired comparison sees no noise at all.
        double[] arch = [0, 1, 2], batch = [0, 10, 20, 30];
        var table = arch.Select(a => (IReadOnlyList<double>)batch.Select(b => a + b).ToArray()).ToArray();
        var s = RewardSpread.Compute(VisionTask.Segmentation, table);
        Assert.Equal(3, s.Architectures);
        Assert.Equal(4, s.Batches);
        Assert.Equal(16, s.MeanLoss, 12);
        Assert.Equal(1, s.BetweenArchitectures, 12);
        Assert.Equal(Math.Sqrt(500.0 / 3), s.BatchNoise, 12);
        Assert.Equal(0, s.PairedNoise, 12);
        Assert.Equal(1 / Math.Sqrt(500.0 / 3), s.SignalToBatchNoise, 12);
        Assert.True(double.IsPositiveInfinity(s.SignalToPairedNoise));
    }

    [Fact]
    public void InteractionIsThePairedNoise()
    {
        // 2 × 2 with an interaction ±1: rows (1, −1) and (−1, 1). Row means 0, 0 → no signal; column means 0, 0;
        // residuals ±1 over (2−1)(2−1) = 1 degree of freedom → √4 = 2; within-row deviations ±1 over 2·1 → √2.
        IReadOnlyList<double>[] table = [[1, -1], [-1, 1]];
        var s = RewardSpread.Compute(VisionTask.Detection, table);
        Assert.Equal(0, s.BetweenArchitectures, 12);
        Assert.Equal(Math.Sqrt(2), s.BatchNoise, 12);
        Assert.Equal(2, s.PairedNoise, 12);
        Assert.Equal(0, s.SignalToPairedNoise, 12);
    }

    [Fact]
    public void TooSmallOrRaggedTablesAreRefused()
    {
        Assert.Throws<ArgumentException>(() => RewardSpread.Compute(VisionTask.Classification, [[1.0, 2.0]]));
        Assert.Throws<ArgumentException>(() => RewardSpread.Compute(VisionTask.Classification, [[1.0], [2.0]]));
        Assert.Throws<ArgumentException>(() => RewardSpread.Compute(VisionTask.Classification, [[1.0, 2.0], [2.0]]));
    }
}
