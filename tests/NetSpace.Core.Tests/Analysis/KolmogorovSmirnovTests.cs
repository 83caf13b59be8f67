using NetSpace.Analysis;

namespace NetSpace.Tests.Analysis;

public class KolmogorovSmirnovTests
{
    [Fact]
    public void DistanceIsTheLargestGapJustAfterAJump()
    {
        // A = 1, 2, 3, 4 and B = 3, 4, 5, 6 (uniform). Just after each error:
        //   e:   1    2    3    4    5    6
        //   F_A: .25  .5   .75  1    1    1
        //   F_B: 0    0    .25  .5   .75  1
        //   |Δ|: .25  .5   .5   .5   .25  0   → D = 0.5
        Assert.Equal(0.5, KolmogorovSmirnov.Distance(new ErrorEdf([1, 2, 3, 4]), new ErrorEdf([3, 4, 5, 6])));
    }

    [Fact]
    public void IdenticalAndDisjointPopulations()
    {
        Assert.Equal(0, KolmogorovSmirnov.Distance(new ErrorEdf([1, 2, 2]), new ErrorEdf([2, 1, 2])));
        Assert.Equal(1, KolmogorovSmirnov.Distance(new ErrorEdf([1, 2]), new ErrorEdf([3, 4])));

        // A single shared error value: both F jump from 0 to 1 at the same place.
        Assert.Equal(0, KolmogorovSmirnov.Distance(new ErrorEdf([5]), new ErrorEdf([5, 5])));
    }

    [Fact]
    public void WeightsEnterTheDistance()
    {
        // A = {1, 2} with weights 3:1 → F just after 1 is 0.75; B = {1, 2} uniform → 0.5. D = 0.25.
        Assert.Equal(0.25, KolmogorovSmirnov.Distance(new ErrorEdf([1, 2], [3, 1]), new ErrorEdf([1, 2])), 12);
    }

    [Fact]
    public void DistanceIsSymmetricAndMatchesADenseScan()
    {
        var random = new Random(2);
        for (int trial = 0; trial < 20; trial++)
        {
            var a = new ErrorEdf(Enumerable.Range(0, 15).Select(_ => (double)random.Next(30)).ToArray());
            var b = new ErrorEdf(Enumerable.Range(0, 9).Select(_ => (double)random.Next(30)).ToArray());
            double d = KolmogorovSmirnov.Distance(a, b);
            Assert.Equal(d, KolmogorovSmirnov.Distance(b, a));

            // Errors are integers, so F is constant on (k, k + 1]: scanning k + 0.5 visits every value.
            double scan = Enumerable.Range(-1, 32).Max(k => Math.Abs(a.At(k + 0.5) - b.At(k + 0.5)));
            Assert.Equal(scan, d);
        }
    }
}
