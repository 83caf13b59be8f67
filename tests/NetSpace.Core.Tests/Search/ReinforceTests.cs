using NetSpace.Search;
using Xunit;

namespace NetSpace.Core.Tests.Search;

public class ReinforceTests
{
    [Fact]
    public void ImportanceWeightedReinforceFindsEachTasksOptimumFromOneSharedSample()
    {
        // 6 decisions with 4 choices; task 0 is rewarded for choice 1 everywhere, task 1 for choice 3.
        // Every step evaluates ONE architecture drawn from the mixture proposal; both policies learn from it.
        int[] counts = [4, 4, 4, 4, 4, 4];
        var estimator = new MultiTaskReinforce(counts, tasks: 2, new ReinforceOptions());
        var random = new Random(7);
        for (int step = 0; step < 3000; step++)
        {
            var arch = estimator.SampleProposal(random);
            double r0 = arch.Count(c => c == 1) + (0.3 * (random.NextDouble() - 0.5));
            double r1 = arch.Count(c => c == 3) + (0.3 * (random.NextDouble() - 0.5));
            estimator.Update(arch, [r0, r1]);
        }

        // (Without the entropy bonus, 2 of 3 seeds locked a decision onto a wrong choice: importance weights
        // starve the right choice of signal once its probability is tiny.)
        Assert.Equal([1, 1, 1, 1, 1, 1], estimator.Policies[0].Mode());
        Assert.Equal([3, 3, 3, 3, 3, 3], estimator.Policies[1].Mode());
        Assert.All(Enumerable.Range(0, 6), d => Assert.True(estimator.Policies[0].Probabilities(d)[1] > 0.9));
        Assert.All(Enumerable.Range(0, 6), d => Assert.True(estimator.Policies[1].Probabilities(d)[3] > 0.9));
    }

    [Fact]
    public void PairedBaselineLearnsThroughNoiseThatEveryArchitectureShares()
    {
        // 4 decisions × 3 choices; choice 2 is worth 0.1 per decision, but every evaluation also carries the held-out
        // batch's difficulty, shared by every architecture on that batch and 60× larger than the signal. Compared on
        // the same batch, the difficulty cancels: the paired estimator finds the optimum where the moving-average
        // baseline, which sees all of it, does not get near.
        int[] counts = [3, 3, 3, 3];
        double Signal(int[] a) => 0.1 * a.Count(c => c == 2);
        var paired = new MultiTaskReinforce(counts, tasks: 1, new ReinforceOptions());
        var unpaired = new MultiTaskReinforce(counts, tasks: 1, new ReinforceOptions { PairedBaseline = false });
        var random = new Random(11);
        for (int step = 0; step < 800; step++)
        {
            double difficulty = 6 * ((2 * random.NextDouble()) - 1);
            var a = paired.SampleProposal(random);
            var b = paired.SampleProposal(random);
            paired.UpdatePaired(a, [Signal(a) + difficulty], b, [Signal(b) + difficulty]);
            var c = unpaired.SampleProposal(random);
            unpaired.Update(c, [Signal(c) + difficulty]);
        }

        Assert.Equal([2, 2, 2, 2], paired.Policies[0].Mode());
        Assert.All(Enumerable.Range(0, 4), d => Assert.True(paired.Policies[0].Probabilities(d)[2] > 0.8, $"decision {d}: {paired.Policies[0].Probabilities(d)[2]:0.000}"));
        double pairedMean = Enumerable.Range(0, 4).Average(d => paired.Policies[0].Probabilities(d)[2]);
        double unpairedMean = Enumerable.Range(0, 4).Average(d => unpaired.Policies[0].Probabilities(d)[2]);
        Assert.True(unpairedMean < 0.6 && unpairedMean < pairedMean - 0.3, $"moving average {unpairedMean:0.000} vs paired {pairedMean:0.000}");
    }

    [Fact]
    public void PairedUpdateWithEqualRewardsMovesOnlyByTheEntropyBonus()
    {
        var estimator = new MultiTaskReinforce([3], tasks: 1, new ReinforceOptions());
        estimator.UpdatePaired([0], [1.5], [2], [1.5]);
        Assert.All(estimator.Policies[0].Logits[0], l => Assert.Equal(0, l, 12)); // uniform: the entropy gradient is 0 as well
        Assert.Throws<ArgumentException>(() => estimator.UpdatePaired([0], [1.0, 2.0], [1], [1.0]));
    }

    [Fact]
    public void ProposalIsTheMixtureOfTaskPoliciesAndUniform()
    {
        var estimator = new MultiTaskReinforce([2, 3], tasks: 2, new ReinforceOptions { UniformMix = 0.2 });
        estimator.Policies[0].Logits[0][1] = Math.Log(3); // p0(d0) = [1/4, 3/4]
        var arch = new[] { 1, 2 };
        double p0 = 0.75 / 3, p1 = 0.5 / 3, u = 1.0 / 6;
        double q = (0.8 * 0.5 * (p0 + p1)) + (0.2 * u);
        Assert.Equal(Math.Log(q), estimator.LogProposal(arch), 12);
        Assert.Equal(Math.Log(p0), estimator.Policies[0].LogProbability(arch), 12);
    }

    [Fact]
    public void AscentFollowsTheScoreFunction()
    {
        // ∂ log p / ∂θ = onehot − softmax: from uniform over 4, one step of size 1 on choice 2 → [−.25, −.25, .75, −.25].
        var policy = new CategoricalPolicy([4]);
        policy.Ascend([2], 1.0);
        Assert.Equal([-0.25, -0.25, 0.75, -0.25], policy.Logits[0]);
        Assert.Equal(Math.Log(4), new CategoricalPolicy([4]).Entropy(), 12);
        Assert.Equal([2], policy.Mode());
    }
}

public class TopArchitecturesTests
{
    [Fact]
    public void EnumeratesTheMostProbableArchitecturesInOrderAgainstBruteForce()
    {
        var random = new Random(3);
        var p = Enumerable.Range(0, 4).Select(_ =>
        {
            var w = Enumerable.Range(0, 3).Select(_ => random.NextDouble()).ToArray();
            return (IReadOnlyList<double>)w.Select(v => v / w.Sum()).ToArray();
        }).ToArray();
        var all = new List<(int[] A, double P)>();
        for (int i = 0; i < 81; i++)
        {
            var a = new[] { i % 3, i / 3 % 3, i / 9 % 3, i / 27 };
            all.Add((a, a.Select((c, d) => p[d][c]).Aggregate(1.0, (x, y) => x * y)));
        }

        var expected = all.OrderByDescending(x => x.P).Take(10).Select(x => x.P).ToArray();
        var top = TopArchitectures.Find(p, 10);
        Assert.Equal(10, top.Select(a => string.Join(",", a)).Distinct().Count());
        var got = top.Select(a => a.Select((c, d) => p[d][c]).Aggregate(1.0, (x, y) => x * y)).ToArray();
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(expected[i], got[i], 12);
        }

        Assert.Equal(81, TopArchitectures.Find(p, 500).Count);
    }
}
