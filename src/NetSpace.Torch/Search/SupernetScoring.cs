using NetSpace.Data.MultiTask;
using NetSpace.Search;
using NetSpace.Specs;
using NetSpace.Torch.Data.MultiTask;
using NetSpace.Torch.Training;
using NetSpace.Torch.Training.MultiTask;
using NetSpace.Analysis;
using NetSpace.Training.MultiTask;

namespace NetSpace.Torch.Search;

/// <summary>One architecture to score: a name and one choice index per decision.</summary>
public sealed record ScoredArchitecture(string Name, IReadOnlyList<int> Choices);

/// <summary>One task's held-out loss of one architecture in a finished search's supernet.</summary>
public sealed record TaskScore
{
    /// <summary>Task.</summary>
    public VisionTask Task { get; init; }

    /// <summary>Mean held-out loss over the batches (the search's reward before its FLOPs penalty, negated).</summary>
    public double Loss { get; init; }

    /// <summary>Standard error of <see cref="Loss"/> over the batches (unpaired).</summary>
    public double StdError { get; init; }

    /// <summary>Rank among the scored architectures by <see cref="Loss"/> (1 = lowest; ties share the mean rank).</summary>
    public double Rank { get; init; }
}

/// <summary>One architecture's scores.</summary>
public sealed record ArchitectureScores
{
    /// <summary>Name given.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>One choice label per decision.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Exact FLOPs with each searched task's head.</summary>
    public IReadOnlyDictionary<string, long> Flops { get; init; } = new Dictionary<string, long>();

    /// <summary>
    /// Mean over the architecture's kept blocks of the training steps that trained that block's module (the search's
    /// <see cref="SearchResult.TrainingCounts"/>); null when the search did not count them.
    /// </summary>
    public double? Exposure { get; init; }

    /// <summary>Per searched task.</summary>
    public IReadOnlyList<TaskScore> Scores { get; init; } = [];
}

/// <summary>How strongly a task's supernet loss follows how much the architectures' modules were trained.</summary>
/// <param name="Task">Task.</param>
/// <param name="Spearman">Spearman ρ between exposure and held-out loss (negative: more-trained paths score better).</param>
/// <param name="Architectures">Distinct architectures it was computed over.</param>
public sealed record ExposureCorrelation(VisionTask Task, double Spearman, int Architectures);

/// <summary>What <see cref="SupernetScoring.Score"/> measured.</summary>
public sealed record SupernetScores
{
    /// <summary>Held-out batches every architecture was evaluated on (the same for all).</summary>
    public int Batches { get; init; }

    /// <summary>Held-out scenes in those batches.</summary>
    public int Scenes { get; init; }

    /// <summary>The architectures, in the order given.</summary>
    public IReadOnlyList<ArchitectureScores> Architectures { get; init; } = [];

    /// <summary>Per task, the spread of the losses between these architectures against the batch noise (needs ≥ 2 architectures and batches).</summary>
    public IReadOnlyList<RewardSpread> Spread { get; init; } = [];

    /// <summary>
    /// Per task, the rank correlation between exposure and loss over the distinct scored architectures (≥ 3, and
    /// only when the search counted its training steps): a weight-sharing supernet favours the paths its policies
    /// sampled most, so a strongly negative ρ says the reward ranks partly by how much a path was trained.
    /// </summary>
    public IReadOnlyList<ExposureCorrelation> ExposureCorrelations { get; init; } = [];
}

/// <summary>A finished search folder read once: its job, compiled space and result; its supernet weights are present.</summary>
/// <param name="Directory">The folder.</param>
/// <param name="Job">search.json.</param>
/// <param name="Space">The job's space, compiled.</param>
/// <param name="Result">result.json.</param>
public sealed record FinishedSearch(string Directory, SearchJob Job, SearchSpace Space, SearchResult Result)
{
    /// <summary>The supernet weights file.</summary>
    public string WeightsFile => Path.Combine(Directory, SearchTrainer.WeightsFile);

    /// <summary>Reads <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">search.json, result.json or the weights are missing (named).</exception>
    public static FinishedSearch Open(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string jobFile = Path.Combine(directory, SearchTrainer.JobFile), resultFile = Path.Combine(directory, SearchTrainer.ResultFile);
        if (!File.Exists(jobFile) || !File.Exists(resultFile))
        {
            throw new FileNotFoundException($"{directory}: not a finished search folder ({SearchTrainer.JobFile} and {SearchTrainer.ResultFile} expected)", jobFile);
        }

        string weights = Path.Combine(directory, SearchTrainer.WeightsFile);
        if (!File.Exists(weights))
        {
            throw new FileNotFoundException($"{directory}: no supernet weights ({SearchTrainer.WeightsFile}); searches write them when they complete (run the search again with this version)", weights);
        }

        var job = RunFolder.ReadJson<SearchJob>(jobFile);
        return new FinishedSearch(directory, job, new SearchSpace(job.Space), RunFolder.ReadJson<SearchResult>(resultFile));
    }
}

/// <summary>
/// Scores given architectures with a finished search's shared weights: every searched task's held-out loss (the
/// reward the policies learned from) on the same held-out batches for every architecture, under the reward's
/// conditions (training-mode batch norm, no FLOPs penalty). The held-out split is the search's own (its seed,
/// subset and split), evaluated in order without flips. Comparing these ranks with the ranks after retraining
/// measures whether the supernet ranks architectures as standalone training does, the assumption a
/// weight-sharing search rests on.
/// </summary>
public static class SupernetScoring
{
    /// <summary>Scores <paramref name="architectures"/> in <paramref name="search"/>'s supernet.</summary>
    /// <param name="search">The finished search (<see cref="FinishedSearch.Open"/>).</param>
    /// <param name="architectures">Architectures of the search's space.</param>
    /// <param name="batches">Held-out batches (at most the split's; ≥ 1).</param>
    /// <param name="threads">libtorch threads (0: libtorch's choice).</param>
    /// <param name="data">The scene set to use instead of the one search.json names (the same set moved), or null.</param>
    /// <exception cref="ArgumentException">An architecture does not belong to the space (named).</exception>
    public static SupernetScores Score(FinishedSearch search, IReadOnlyList<ScoredArchitecture> architectures, int batches, int threads = 0, string? data = null)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(architectures);
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        var (job, space, counts) = (search.Job, search.Space, search.Result.TrainingCounts);
        foreach (var a in architectures)
        {
            try
            {
                space.Check(a.Choices);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"{a.Name}: {ex.Message}", nameof(architectures), ex);
            }
        }

        TrainingLoop.PrepareProcess(threads);
        var set = MultiTaskStore.Load(NetSpace.Data.DataSource.Parse(data ?? job.Data).Directory);
        var split = MultiTaskData.Prepare(new MultiTaskJob { Seed = job.Seed, ValSplit = job.ValSplit, Subset = job.Subset }, set.Train, set.Test);
        using var net = new Supernet(space, job.Tasks);
        try
        {
            net.load(search.WeightsFile);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException)
        {
            throw new InvalidDataException($"{search.WeightsFile}: cannot be loaded into the supernet of {Path.Combine(search.Directory, SearchTrainer.JobFile)} ({ex.Message})", ex);
        }

        Modules.ChannelsLast.Apply(job.Recipe.Layout, net);
        Modules.MixedPrecision.Apply(job.Recipe.Precision, net);
        var (mean, std) = SceneBatchLoader.Statistics(split.Train);
        var loader = new SceneBatchLoader(split.Validation!, job.Recipe.BatchSize, net.OutputStride, mean, std, job.Seed + 1, 0, job.Recipe.Layout);
        var used = loader.EvaluationBatches().Take(batches);
        var arrays = architectures.Select(a => a.Choices.ToArray()).ToArray();
        var table = SearchTrainer.HeldOutLossTable(net, used, arrays, job.Tasks);
        int measured = table.Length == 0 || table[0].Length == 0 ? 0 : table[0][0].Count;
        int scenes = Math.Min(split.Validation!.Count, measured * job.Recipe.BatchSize); // every batch but the split's last is full
        var means = table.Select(rows => rows.Select(r => r.Average()).ToArray()).ToArray();
        var ranks = means.Select(m => Correlation.Ranks(m)).ToArray();
        var scored = architectures.Select((a, i) => new ArchitectureScores
        {
            Name = a.Name,
            Exposure = counts is null ? null : Exposure(space, counts, a.Choices),
            Labels = a.Choices.Select((c, d) => space.Decisions[d].Choices[c]).ToArray(),
            Flops = job.Tasks.ToDictionary(t => t.Name(), t => space.Flops(a.Choices, t)),
            Scores = job.Tasks.Select((t, k) => new TaskScore
            {
                Task = t,
                Loss = means[k][i],
                StdError = measured < 2 ? double.NaN : StdDev(table[k][i]) / Math.Sqrt(measured),
                Rank = ranks[k][i],
            }).ToArray(),
        }).ToArray();
        var distinct = scored.Select((a, i) => (a, i)).Where(x => x.a.Exposure is not null).DistinctBy(x => string.Join(" ", x.a.Labels)).ToArray();
        var correlations = distinct.Length < 3 ? [] : job.Tasks.Select((t, k) => new ExposureCorrelation(
            t,
            Correlation.Spearman(distinct.Select(x => x.a.Exposure!.Value).ToArray(), distinct.Select(x => means[k][x.i]).ToArray()),
            distinct.Length)).ToArray();
        return new SupernetScores
        {
            ExposureCorrelations = correlations,
            Batches = measured,
            Scenes = scenes,
            Architectures = scored,
            Spread = architectures.Count < 2 || measured < 2 ? [] : job.Tasks.Select((t, k) => RewardSpread.Compute(t, table[k])).ToArray(),
        };
    }

    /// <summary>Mean over the kept blocks of <paramref name="arch"/> of the training steps of the chosen module; null without a kept block.</summary>
    public static double? Exposure(SearchSpace space, IReadOnlyList<IReadOnlyList<long>> counts, IReadOnlyList<int> arch)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(arch);
        var kept = Enumerable.Range(0, arch.Count)
            .Where(d => space.Decisions[d].Kind == DecisionKind.Block && !space.BlockChoiceOf(d, arch[d]).Skip)
            .Select(d => (double)counts[d][arch[d]])
            .ToArray();
        return kept.Length == 0 ? null : kept.Average();
    }

    private static double StdDev(IReadOnlyList<double> xs)
    {
        double m = xs.Average();
        return Math.Sqrt(xs.Sum(x => (x - m) * (x - m)) / (xs.Count - 1));
    }
}
