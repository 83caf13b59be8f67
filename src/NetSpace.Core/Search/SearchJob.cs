using NetSpace.Specs;
using NetSpace.Training;

namespace NetSpace.Search;

/// <summary>Everything that determines a search run (stored as <c>search.json</c> in the run folder).</summary>
public sealed record SearchJob
{
    /// <summary>The space, as written (the run folder keeps its own copy).</summary>
    public SearchSpaceSpec Space { get; init; } = new();

    /// <summary>Tasks searched (one policy each).</summary>
    public IReadOnlyList<VisionTask> Tasks { get; init; } = VisionTasks.All;

    /// <summary>FLOPs target per task name (cls/det/seg: multiply-adds of backbone + that task's fusion output and head); the reward penalises exceeding it.</summary>
    public IReadOnlyDictionary<string, long> FlopsTargets { get; init; } = new Dictionary<string, long>();

    /// <summary>The FLOPs target of <paramref name="task"/>.</summary>
    public long Target(VisionTask task) => FlopsTargets[task.Name()];

    /// <summary>Weight-training recipe; <see cref="TrainingRecipe.Epochs"/> is the length of the whole search.</summary>
    public TrainingRecipe Recipe { get; init; } = new();

    /// <summary>Epochs of weight warm-up (uniform architectures, policies frozen).</summary>
    public int WarmupEpochs { get; init; } = 1;

    /// <summary>Policy updates.</summary>
    public ReinforceOptions Policy { get; init; } = new();

    /// <summary>Reward penalty per unit of relative FLOPs excess: R_t = −loss_t − λ·max(0, F_t(a)/target_t − 1).</summary>
    public double FlopsPenalty { get; init; } = 2;

    /// <summary>The data argument (<c>multitask:DIR</c>).</summary>
    public string Data { get; init; } = string.Empty;

    /// <summary>Held-out fraction of the training scenes the policies learn on.</summary>
    public double ValSplit { get; init; } = 0.2;

    /// <summary>Seeded subset of training scenes (null = all).</summary>
    public int? Subset { get; init; }

    /// <summary>Seed of weights, data order and architecture sampling.</summary>
    public long Seed { get; init; }

    /// <summary>libtorch threads (0 = default).</summary>
    public int Threads { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        Recipe.Validate();
        if (Tasks.Count == 0)
        {
            throw new ArgumentException("tasks: at least one task is needed");
        }

        foreach (var t in Tasks)
        {
            if (!FlopsTargets.TryGetValue(t.Name(), out long f) || f <= 0)
            {
                throw new ArgumentException($"flops: no positive FLOPs target for task {t.Name()}");
            }
        }

        if (WarmupEpochs < 0 || WarmupEpochs >= Recipe.Epochs)
        {
            throw new ArgumentException($"warmup: {WarmupEpochs} must be in [0, epochs) so that the policies get epochs to learn");
        }

        if (ValSplit is <= 0 or >= 1)
        {
            throw new ArgumentException($"val-split: {ValSplit} must be in (0, 1): the policies learn on held-out scenes");
        }
    }
}

/// <summary>One task's policy after an epoch (one line of <c>policies.jsonl</c>).</summary>
public sealed record PolicySnapshot
{
    /// <summary>1-based epoch.</summary>
    public int Epoch { get; init; }

    /// <summary>Task.</summary>
    public VisionTask Task { get; init; }

    /// <summary>Probabilities per decision (in <see cref="SearchSpace.Decisions"/> order).</summary>
    public IReadOnlyList<IReadOnlyList<double>> Probabilities { get; init; } = [];

    /// <summary>Sum of the decisions' entropies (nats).</summary>
    public double Entropy { get; init; }

    /// <summary>Expected FLOPs of the task's architecture under the policy.</summary>
    public double ExpectedFlops { get; init; }

    /// <summary>FLOPs of the most likely architecture.</summary>
    public long ModeFlops { get; init; }

    /// <summary>Mean training loss of the task over the epoch (shared weights).</summary>
    public double TrainLoss { get; init; }

    /// <summary>Mean held-out loss of the task over the epoch's policy steps (null during warm-up).</summary>
    public double? HeldOutLoss { get; init; }

    /// <summary>
    /// Standard deviation of the task's held-out loss over the epoch's policy steps (null during warm-up): how far the
    /// reward moves between the sampled architectures (and held-out batches). Near 0 means the policy learns from a flat
    /// reward.
    /// </summary>
    public double? HeldOutLossStd { get; init; }
}

/// <summary>The outcome of a search (<c>result.json</c>).</summary>
public sealed record SearchResult
{
    /// <summary>completed or diverged.</summary>
    public RunStatus Status { get; init; } = RunStatus.Completed;

    /// <summary>Why it did not complete.</summary>
    public string? Reason { get; init; }

    /// <summary>Epochs run.</summary>
    public int Epochs { get; init; }

    /// <summary>Tasks searched.</summary>
    public IReadOnlyList<VisionTask> Tasks { get; init; } = [];

    /// <summary>Number of architectures in the space (decimal string; it can exceed 64 bits).</summary>
    public string SpaceSize { get; init; } = "0";

    /// <summary>Wall seconds of the whole search.</summary>
    public double Seconds { get; init; }

    /// <summary>Training steps (each: one sampled architecture, one training pass, one held-out pass).</summary>
    public long Steps { get; init; }

    /// <summary>Per task: the derived architecture's choice indices, labels, FLOPs and spec file.</summary>
    public IReadOnlyList<DerivedArchitecture> Derived { get; init; } = [];

    /// <summary>
    /// Per task, measured after the last epoch with the final shared weights: how much the held-out loss (the reward)
    /// moves between uniformly drawn architectures against how much it moves between batches (empty when the search
    /// did not complete).
    /// </summary>
    public IReadOnlyList<RewardSpread> RewardSpread { get; init; } = [];

    /// <summary>
    /// Per decision, per choice: the training steps whose sampled path had that choice, i.e. how many updates each
    /// block's shared module (and each fusion edge) received. Null for searches run before it was counted, or resumed
    /// from such a checkpoint.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<long>>? TrainingCounts { get; init; }
}

/// <summary>One task's derived architecture.</summary>
public sealed record DerivedArchitecture
{
    /// <summary>Task.</summary>
    public VisionTask Task { get; init; }

    /// <summary>Choice index per decision.</summary>
    public IReadOnlyList<int> Choices { get; init; } = [];

    /// <summary>Choice label per decision.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Probability of this architecture under the task's policy.</summary>
    public double Probability { get; init; }

    /// <summary>FLOPs with the task's head.</summary>
    public long Flops { get; init; }

    /// <summary>FLOPs target of the task.</summary>
    public long Target { get; init; }

    /// <summary>Spec file, relative to the run folder.</summary>
    public string SpecFile { get; init; } = string.Empty;
}
