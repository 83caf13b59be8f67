using NetSpace.Analysis;

namespace NetSpace.Tests.Analysis;

public class NormalizedWeightsTests
{
    [Fact]
    public void EachNonEmptyLogBinGetsAnEqualShare()
    {
        // [1, 100] in 2 bins of ln: [1, 10) and [10, 100]. 1, 2, 3 → bin 0 (3 models); 20 and 100 (= hi) → bin 1.
        // k' = 2: bin 0 models get 1/(2·3) = 1/6, bin 1 models 1/(2·2) = 1/4; total 3/6 + 2/4 = 1.
        var w = NormalizedWeights.Compute([1, 2, 3, 20, 100], 2, 1, 100);
        Assert.Equal([1 / 6.0, 1 / 6.0, 1 / 6.0, 0.25, 0.25], w);
    }

    [Fact]
    public void EmptyBinsAreDropped()
    {
        // [1, 1000] in 3 bins: [1, 10), [10, 100), [100, 1000]. 1, 2 → bin 0; 500, 1000 → bin 2; bin 1 empty,
        // so k' = 2 and every model gets 1/(2·2) = 1/4.
        Assert.Equal([0.25, 0.25, 0.25, 0.25], NormalizedWeights.Compute([1, 2, 500, 1000], 3, 1, 1000));
    }

    [Fact]
    public void WithoutARangeTheDataRangeIsUsed()
    {
        // [2, 200] in 2 bins: [2, 20), [20, 200]. 2, 3 → bin 0, 150, 200 → bin 1, 40 → bin 1.
        // Bin 0: 1/(2·2) = 1/4 each; bin 1: 1/(2·3) = 1/6 each.
        Assert.Equal([0.25, 0.25, 1 / 6.0, 1 / 6.0, 1 / 6.0], NormalizedWeights.Compute([2, 3, 150, 200, 40], 2));

        // All equal: one bin, uniform weights.
        Assert.Equal([0.5, 0.5], NormalizedWeights.Compute([7, 7], 4));
    }

    [Fact]
    public void BadInputIsRejectedByName()
    {
        Assert.Contains("complexities[1]", Assert.Throws<ArgumentException>(() => NormalizedWeights.Compute([5, 200], 2, 1, 100)).Message);
        Assert.Contains("complexities[0]", Assert.Throws<ArgumentException>(() => NormalizedWeights.Compute([0.5, 50], 2, 1, 100)).Message);
        Assert.Throws<ArgumentException>(() => NormalizedWeights.Compute([0, 1], 2));
        Assert.Throws<ArgumentException>(() => NormalizedWeights.Compute([1, 2], 0));
        Assert.Throws<ArgumentException>(() => NormalizedWeights.Compute([], 2));
        Assert.Throws<ArgumentException>(() => NormalizedWeights.Compute([1, 2], 2, 10, 1));
    }

    [Fact]
    public void NormalizedEdfOfTwoPopulationsOnCommonBins()
    {
        // Population A: 3 cheap models (error 10) and 1 expensive (error 20). Normalized on 2 bins, the expensive
        // one carries half the mass: F_A just above 10 is 0.5 (plain EDF: 0.75).
        double[] flops = [1e6, 2e6, 3e6, 9e7];
        var w = NormalizedWeights.Compute(flops, 2, 1e6, 1e8);
        var edf = new ErrorEdf([10, 10, 10, 20], w);
        Assert.Equal(0.5, edf.At(15), 12);
    }
}
