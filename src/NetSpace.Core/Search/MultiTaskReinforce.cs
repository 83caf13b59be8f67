namespace NetSpace.Search;

/// <summary>Settings of the policy updates.</summary>
public sealed record ReinforceOptions
{
    /// <summary>Step size on the logits.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Weight β of the entropy bonus (per decision) added to every policy step.</summary>
    public double EntropyWeight { get; init; } = 0.05;

    /// <summary>Decay of each task's moving-average reward baseline.</summary>
    public double BaselineDecay { get; init; } = 0.9;

    /// <summary>Importance weights are clipped to this value (variance control).</summary>
    public double MaxImportanceWeight { get; init; } = 5;

    /// <summary>Divide each task's advantage by a running estimate of its reward's standard deviation (tasks with different loss scales learn at similar rates).</summary>
    public bool NormalizeAdvantage { get; init; } = true;

    /// <summary>Weight of the uniform distribution mixed into the proposal (exploration; keeps q(a) &gt; 0 everywhere).</summary>
    public double UniformMix { get; init; } = 0.1;

    /// <summary>
    /// Paired baseline (the default): each step evaluates a second architecture b ~ q on the SAME held-out batch and
    /// each of the two is the other's baseline (<see cref="MultiTaskReinforce.UpdatePaired"/>), so the batch's
    /// difficulty and the drift of the shared weights cancel out of the advantage. False: one architecture per step
    /// against the moving average (<see cref="MultiTaskReinforce.Update"/>), which leaves both in.
    /// </summary>
    public bool PairedBaseline { get; init; } = true;
}

/// <summary>
/// FBNetV5's estimator, independent of what the decisions mean: one policy π_t per task and one proposal
/// q(a) = (1 − ε)·(1/T)·Σ_t π_t(a) + ε·u(a) (u uniform).
/// One architecture a ~ q is evaluated once; every task's reward R_t(a) updates its own policy with the
/// importance-weighted REINFORCE gradient w_t·(R_t − b_t)·∇ log π_t(a), w_t = π_t(a)/q(a) (clipped),
/// b_t a moving average of R_t, plus an entropy bonus. The number of evaluations per step does not depend on T.
/// </summary>
public sealed class MultiTaskReinforce
{
    private readonly int[] choiceCounts;
    private readonly double?[] baselines;
    private readonly double[] variances;

    /// <summary>Uniform policies for <paramref name="tasks"/> tasks over decisions with the given choice counts.</summary>
    public MultiTaskReinforce(IReadOnlyList<int> choiceCounts, int tasks, ReinforceOptions options)
    {
        ArgumentNullException.ThrowIfNull(choiceCounts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(tasks, 1);
        this.choiceCounts = [.. choiceCounts];
        Options = options;
        Policies = Enumerable.Range(0, tasks).Select(_ => new CategoricalPolicy(choiceCounts)).ToArray();
        baselines = new double?[tasks];
        variances = new double[tasks];
        Array.Fill(variances, 1.0);
    }

    /// <summary>The settings.</summary>
    public ReinforceOptions Options { get; }

    /// <summary>One policy per task.</summary>
    public IReadOnlyList<CategoricalPolicy> Policies { get; private set; }

    /// <summary>Each task's reward baseline (null before its first reward).</summary>
    public IReadOnlyList<double?> Baselines => baselines;

    /// <summary>Each task's running reward variance (used when <see cref="ReinforceOptions.NormalizeAdvantage"/>).</summary>
    public IReadOnlyList<double> Variances => variances;

    /// <summary>Restores policies, baselines and variances (e.g. from a checkpoint).</summary>
    public void Restore(IReadOnlyList<IReadOnlyList<IReadOnlyList<double>>> logits, IReadOnlyList<double?> restoredBaselines, IReadOnlyList<double> restoredVariances)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(restoredBaselines);
        ArgumentNullException.ThrowIfNull(restoredVariances);
        Policies = logits.Select(l => new CategoricalPolicy(l)).ToArray();
        for (int t = 0; t < baselines.Length; t++)
        {
            baselines[t] = restoredBaselines[t];
            variances[t] = restoredVariances[t];
        }
    }

    /// <summary>Draws from the proposal: with probability ε a uniform architecture, else one from a uniformly chosen task's policy.</summary>
    public int[] SampleProposal(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (random.NextDouble() < Options.UniformMix)
        {
            return choiceCounts.Select(n => random.Next(n)).ToArray();
        }

        return Policies[random.Next(Policies.Count)].Sample(random);
    }

    /// <summary>A uniformly random architecture (weight warm-up).</summary>
    public int[] SampleUniform(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return choiceCounts.Select(n => random.Next(n)).ToArray();
    }

    /// <summary>log q(a) of the proposal.</summary>
    public double LogProposal(IReadOnlyList<int> arch)
    {
        double logUniform = -choiceCounts.Sum(n => Math.Log(n));
        var terms = Policies.Select(p => Math.Log((1 - Options.UniformMix) / Policies.Count) + p.LogProbability(arch)).ToList();
        if (Options.UniformMix > 0)
        {
            terms.Add(Math.Log(Options.UniformMix) + logUniform);
        }

        double max = terms.Max();
        return max + Math.Log(terms.Sum(v => Math.Exp(v - max)));
    }

    /// <summary>
    /// Updates every task's policy from one evaluation of <paramref name="arch"/> (drawn from the proposal) with
    /// per-task <paramref name="rewards"/>; returns the importance weights used.
    /// </summary>
    public double[] Update(IReadOnlyList<int> arch, IReadOnlyList<double> rewards)
    {
        ArgumentNullException.ThrowIfNull(arch);
        ArgumentNullException.ThrowIfNull(rewards);
        if (rewards.Count != Policies.Count)
        {
            throw new ArgumentException($"{rewards.Count} rewards for {Policies.Count} tasks", nameof(rewards));
        }

        double logQ = LogProposal(arch);
        var weights = new double[Policies.Count];
        for (int t = 0; t < Policies.Count; t++)
        {
            double w = ImportanceWeight(t, arch, logQ);
            weights[t] = w;
            double b = baselines[t] ?? rewards[t];
            double advantage = rewards[t] - b;
            if (baselines[t] is not null)
            {
                variances[t] = (Options.BaselineDecay * variances[t]) + ((1 - Options.BaselineDecay) * advantage * advantage);
            }

            advantage = Normalized(t, advantage);

            Policies[t].Ascend(arch, Options.LearningRate * w * advantage, Options.LearningRate * Options.EntropyWeight);
            baselines[t] = (Options.BaselineDecay * b) + ((1 - Options.BaselineDecay) * rewards[t]);
        }

        return weights;
    }

    /// <summary>
    /// Updates every task's policy from two architectures <paramref name="a"/> and <paramref name="b"/>, drawn
    /// independently from the proposal and evaluated on the same held-out batch: the leave-one-out estimator with two
    /// samples, w_t(a)·(R_t(a) − R_t(b))·∇ log π_t(a) + w_t(b)·(R_t(b) − R_t(a))·∇ log π_t(b), halved. Each sample's
    /// baseline is the other's reward, which does not depend on it, so the gradient stays unbiased; what both share
    /// (the batch, the current weights) cancels. The advantage is normalised by the running root mean square of
    /// R_t(a) − R_t(b); the entropy bonus is applied once per step; the moving averages of the rewards are kept for
    /// reporting. Returns the importance weights of <paramref name="a"/>.
    /// </summary>
    public double[] UpdatePaired(IReadOnlyList<int> a, IReadOnlyList<double> rewardsA, IReadOnlyList<int> b, IReadOnlyList<double> rewardsB)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(rewardsA);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(rewardsB);
        if (rewardsA.Count != Policies.Count || rewardsB.Count != Policies.Count)
        {
            throw new ArgumentException($"{rewardsA.Count} and {rewardsB.Count} rewards for {Policies.Count} tasks");
        }

        double logQa = LogProposal(a), logQb = LogProposal(b);
        var weights = new double[Policies.Count];
        for (int t = 0; t < Policies.Count; t++)
        {
            double wa = ImportanceWeight(t, a, logQa);
            double wb = ImportanceWeight(t, b, logQb);
            weights[t] = wa;
            double advantage = 0.5 * (rewardsA[t] - rewardsB[t]);
            if (baselines[t] is not null)
            {
                variances[t] = (Options.BaselineDecay * variances[t]) + ((1 - Options.BaselineDecay) * advantage * advantage);
            }
            else
            {
                variances[t] = Math.Max(advantage * advantage, 1e-12);
            }

            advantage = Normalized(t, advantage);

            // Both steps are taken from the same logits (the second ascent sees the first's change only through p,
            // a second-order effect at these step sizes).
            Policies[t].Ascend(a, Options.LearningRate * wa * advantage, Options.LearningRate * Options.EntropyWeight);
            Policies[t].Ascend(b, -Options.LearningRate * wb * advantage);
            double mean = 0.5 * (rewardsA[t] + rewardsB[t]);
            baselines[t] = baselines[t] is double old ? (Options.BaselineDecay * old) + ((1 - Options.BaselineDecay) * mean) : mean;
        }

        return weights;
    }

    // w_t(a) = π_t(a)/q(a), clipped.
    private double ImportanceWeight(int t, IReadOnlyList<int> arch, double logQ) =>
        Math.Min(Options.MaxImportanceWeight, Math.Exp(Policies[t].LogProbability(arch) - logQ));

    // The advantage over the running RMS of task t's advantages when normalising.
    private double Normalized(int t, double advantage) =>
        Options.NormalizeAdvantage ? advantage / (Math.Sqrt(variances[t]) + 1e-8) : advantage;
}
