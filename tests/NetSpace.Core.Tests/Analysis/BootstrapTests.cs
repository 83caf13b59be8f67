using NetSpace.Analysis;

namespace NetSpace.Tests.Analysis;

public class BootstrapTests
{
    private static double Share(int[] best, int index) => best.Count(i => i == index) / (double)best.Length;

    [Fact]
    public void SampleSizeIsAQuarterOfTheTrials()
    {
        // n = 20, fraction 0.25 → n_sample = 5. With distinct errors the best trial wins a draw iff it is drawn:
        // P = 1 − (19/20)^5 = 0.22622; the second best wins iff drawn and the best is not:
        // (19/20)^5 − (18/20)^5 = 0.77378 − 0.59049 = 0.18329. (n_sample = 4 would give 0.18549 for the best.)
        // 10,000 draws: standard error ≈ 0.004, tolerance 0.015.
        var errors = Enumerable.Range(0, 20).Select(i => 10.0 + i).ToArray();
        var best = Bootstrap.BootstrapBest(errors, seed: 1);
        Assert.Equal(10_000, best.Length);
        Assert.InRange(Share(best, 0), 0.22622 - 0.015, 0.22622 + 0.015);
        Assert.InRange(Share(best, 1), 0.18329 - 0.015, 0.18329 + 0.015);

        // fraction 0.01: ⌊0.2⌋ = 0 → max(1, 0) = 1 trial per draw, so every trial wins 1/20 of the draws.
        var single = Bootstrap.BootstrapBest(errors, fraction: 0.01, seed: 1);
        Assert.All(Enumerable.Range(0, 20), i => Assert.InRange(Share(single, i), 0.05 - 0.015, 0.05 + 0.015));
    }

    [Fact]
    public void TiesGoToTheFirstTrialDrawn()
    {
        // All errors equal: the winner is the first index drawn, uniform over 4 trials (0.25 each). Breaking ties by
        // the lowest index instead would give trial 0 a share of 1 − (3/4)^4 = 0.68.
        var best = Bootstrap.BootstrapBest([5.0, 5.0, 5.0, 5.0], fraction: 1, seed: 3);
        Assert.All(Enumerable.Range(0, 4), i => Assert.InRange(Share(best, i), 0.25 - 0.015, 0.25 + 0.015));
    }

    [Fact]
    public void AFarBetterTrialIsTheMedianWhenDrawnInMostDraws()
    {
        // n = 4, fraction 1 → 4 trials per draw. Trial 2 (error 1) wins whenever drawn: P = 1 − (3/4)^4 = 0.6836 > 0.5,
        // so the median and the 2.5th percentile of its parameter are its value 7.
        double[] errors = [50, 60, 1, 70];
        double[] values = [100, 200, 7, 300];
        var best = Bootstrap.BootstrapBest(errors, fraction: 1, seed: 5);
        Assert.InRange(Share(best, 2), 0.6836 - 0.015, 0.6836 + 0.015);
        var interval = Bootstrap.Interval(values, best);
        Assert.Equal(7, interval.Low);
        Assert.Equal(7, interval.Median);
        Assert.True(interval.High > 7);
    }

    [Fact]
    public void WhenAllGoodTrialsShareAValueTheIntervalIsThatValue()
    {
        // Trials 0–4 (errors 1–5) all have value 2; trials 5–9 (errors 10–14) have values 8–12. With n_sample = 10 a
        // draw misses every good trial with probability (1/2)^10 ≈ 0.001, about 10 of 10,000 draws, far below the
        // 2.5% needed to move the 97.5th percentile; so the interval is [2, 2] for any seed.
        double[] errors = [1, 2, 3, 4, 5, 10, 11, 12, 13, 14];
        double[] values = [2, 2, 2, 2, 2, 8, 9, 10, 11, 12];
        for (int seed = 0; seed < 5; seed++)
        {
            var interval = Bootstrap.Interval(values, Bootstrap.BootstrapBest(errors, fraction: 1, seed: seed));
            Assert.Equal(new BootstrapInterval(2, 2, 2), interval);
            Assert.True(interval.Contains(2));
            Assert.False(interval.Contains(2.5));
        }

        // One trial: every draw is trial 0.
        Assert.Equal(new BootstrapInterval(3, 3, 3), Bootstrap.Interval([3.0], Bootstrap.BootstrapBest([0.5], draws: 10)));
    }

    [Fact]
    public void IntervalTakesNumpyPercentilesOfTheDrawnValues()
    {
        // Drawn values 10, 20, 30, 40: 2.5th → position 0.075 → 10.75; 50th → 25; 97.5th → position 2.925 → 39.25.
        Assert.Equal(new BootstrapInterval(10.75, 25, 39.25), Round(Bootstrap.Interval([10, 20, 30, 40], [0, 1, 2, 3])));

        // alpha = 0.5: 25th → position 0.75 → 20 − 0.25·10 = 17.5; 75th → position 2.25 → 30 + 0.25·10 = 32.5.
        Assert.Equal(new BootstrapInterval(17.5, 25, 32.5), Round(Bootstrap.Interval([10, 20, 30, 40], [3, 2, 1, 0], alpha: 0.5)));

        // Indices repeat: values 10, 10, 10, 40 → median (position 1.5) 10.
        Assert.Equal(10, Bootstrap.Interval([10, 20, 30, 40], [0, 0, 0, 3]).Median);
    }

    [Fact]
    public void DrawsAreDeterministicForASeed()
    {
        double[] errors = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];
        Assert.Equal(Bootstrap.BootstrapBest(errors, seed: 42), Bootstrap.BootstrapBest(errors, seed: 42));
        Assert.NotEqual(Bootstrap.BootstrapBest(errors, seed: 42), Bootstrap.BootstrapBest(errors, seed: 43));

        // Regression pin (output of this implementation, not a hand computation; SplitMix64 is fixed on every
        // runtime, so a change here means the sampling changed). n_sample = ⌊12·0.25⌋ = 3.
        Assert.Equal([1, 0, 9, 2, 6, 1, 1, 0, 3, 9], Bootstrap.BootstrapBest(errors, draws: 10, seed: 42));
    }

    [Fact]
    public void SplitMix64MatchesTheReferenceSequence()
    {
        // Reference outputs of splitmix64 seeded with 0 (Vigna's splitmix64.c).
        var random = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, random.NextUInt64());
    }

    [Fact]
    public void BadInputIsRejectedByName()
    {
        Assert.Throws<ArgumentException>(() => Bootstrap.BootstrapBest([]));
        Assert.Contains("errors[0]", Assert.Throws<ArgumentException>(() => Bootstrap.BootstrapBest([double.NaN])).Message);
        Assert.Throws<ArgumentException>(() => Bootstrap.BootstrapBest([1, 2], fraction: 0));
        Assert.Throws<ArgumentException>(() => Bootstrap.BootstrapBest([1, 2], fraction: 1.5));
        Assert.Throws<ArgumentException>(() => Bootstrap.BootstrapBest([1, 2], draws: 0));
        Assert.Contains("bestIndices[1]", Assert.Throws<ArgumentException>(() => Bootstrap.Interval([1, 2], [0, 2])).Message);
        Assert.Throws<ArgumentException>(() => Bootstrap.Interval([1, 2], [0], alpha: 1));
        Assert.Throws<ArgumentException>(() => Bootstrap.Interval([1, 2], []));
    }

    private static BootstrapInterval Round(BootstrapInterval i) => new(Math.Round(i.Low, 12), Math.Round(i.Median, 12), Math.Round(i.High, 12));
}
