using NetSpace.Analysis;

namespace NetSpace.Tests.Analysis;

public class ErrorEdfTests
{
    [Fact]
    public void UniformEdfCountsErrorsStrictlyBelow()
    {
        // Sorted errors 1, 2, 2, 4, 7, 8 (n = 6): F jumps by 1/6 at 1, 2/6 at 2, then 1/6 at 4, 7 and 8.
        // Mean = 24/6 = 4; median = (2 + 4)/2 = 3.
        var edf = new ErrorEdf([4, 1, 2, 2, 8, 7]);
        Assert.Equal(6, edf.N);
        Assert.Equal(1, edf.Min);
        Assert.Equal(4, edf.Mean);
        Assert.Equal(3, edf.Median);
        Assert.Equal(
            [new EdfStep(1, 1 / 6.0), new EdfStep(2, 3 / 6.0), new EdfStep(4, 4 / 6.0), new EdfStep(7, 5 / 6.0), new EdfStep(8, 1)],
            edf.Steps);
        Assert.Equal(0, edf.At(1));          // strict: the model with error 1 is not below 1
        Assert.Equal(1 / 6.0, edf.At(2));    // only error 1 is below 2
        Assert.Equal(3 / 6.0, edf.At(2.5));
        Assert.Equal(5 / 6.0, edf.At(8));
        Assert.Equal(1, edf.At(9));
        Assert.Equal(0, edf.At(double.NegativeInfinity));
    }

    [Fact]
    public void WeightsAreNormalised()
    {
        // Weights 2, 1, 1 → 0.5, 0.25, 0.25. F after 1: 0.5, after 2: 0.75, after 3: 1.
        // Weighted mean 0.5·1 + 0.25·2 + 0.25·3 = 1.75; the plain mean stays 2.
        var edf = new ErrorEdf([1, 2, 3], [2, 1, 1]);
        Assert.Equal([0.5, 0.25, 0.25], edf.Weights);
        Assert.Equal([0.5, 0.75, 1.0], edf.Steps.Select(s => s.Cumulative));
        Assert.Equal(1.75, edf.WeightedMean, 12);
        Assert.Equal(2, edf.Mean);
        Assert.Equal(0.75, edf.At(2.5));
    }

    [Fact]
    public void ZeroWeightModelsAddNoMass()
    {
        var edf = new ErrorEdf([1, 2, 3], [0, 1, 1]);
        Assert.Equal(0, edf.At(1.5));
        Assert.Equal(0.5, edf.At(2.5));
        Assert.Equal(1, edf.Min); // Min, Mean and Median are plain statistics of the errors
    }

    [Fact]
    public void BadInputIsRejectedByName()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => new ErrorEdf([])).Message);
        Assert.Contains("errors[1]", Assert.Throws<ArgumentException>(() => new ErrorEdf([1, double.NaN])).Message);
        Assert.Contains("weights[0]", Assert.Throws<ArgumentException>(() => new ErrorEdf([1, 2], [-1, 2])).Message);
        Assert.Contains("sum to 0", Assert.Throws<ArgumentException>(() => new ErrorEdf([1, 2], [0, 0])).Message);
        Assert.Contains("weights[1]", Assert.Throws<ArgumentException>(() => new ErrorEdf([1, 2], [1, double.PositiveInfinity])).Message);
        Assert.Throws<ArgumentException>(() => new ErrorEdf([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => new ErrorEdf([1, 2]).At(double.NaN));
    }
}
