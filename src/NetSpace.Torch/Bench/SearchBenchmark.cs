using NetSpace.Bench;
using NetSpace.Torch.Bench;
using System.Diagnostics;
using NetSpace.Analysis;
using NetSpace.Data;
using NetSpace.Torch.Data;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
using NetSpace.Search;
using NetSpace.Torch.Search;
using NetSpace.Specs;
using NetSpace.Training;
using NetSpace.Torch.Training;
using NetSpace.Training.MultiTask;
using NetSpace.Torch.Training.MultiTask;

namespace NetSpace.Torch.Bench;

/// <summary>
/// Times searches for cls, det and seg alone and for all three in one run, repetitions interleaved with the
/// order rotated each repetition so that drifting machine load hits every configuration alike.
/// Each search uses a seeded subset of the scene set: 80% train the weights, 20% (held out) the policies.
/// </summary>
public static class SearchBenchmark
{
    /// <summary>Runs the benchmark; <paramref name="log"/> gets one line per search.</summary>
    /// <param name="space">The search space.</param>
    /// <param name="set">The scene set.</param>
    /// <param name="data">The data argument recorded in each job (<c>multitask:DIR</c>).</param>
    /// <param name="subset">Training scenes per search (weights and policies together).</param>
    /// <param name="epochs">Epochs per search (the first is weight warm-up).</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="reps">Repetitions of each configuration.</param>
    /// <param name="threads">libtorch intra-op threads (0 = default).</param>
    /// <param name="log">Progress lines, or null.</param>
    public static SearchBenchmarkResult Run(SearchSpace space, MultiTaskDataset set, string data, int subset, int epochs, int batch, int reps, int threads, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentOutOfRangeException.ThrowIfLessThan(subset, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(reps, 1);
        IReadOnlyList<VisionTask>[] configs = [[VisionTask.Classification], [VisionTask.Detection], [VisionTask.Segmentation], VisionTasks.All];
        var times = configs.Select(_ => new List<double>()).ToArray();
        var steps = new long[configs.Length];
        for (int r = 0; r < reps; r++)
        {
            var prepared = Subset(set, subset, seed: r);
            for (int k = 0; k < configs.Length; k++)
            {
                int c = (k + r) % configs.Length;
                var tasks = configs[c];
                var job = new SearchJob
                {
                    Space = space.Spec,
                    Tasks = tasks,
                    FlopsTargets = tasks.ToDictionary(t => t.Name(), t => (space.FlopsRange(t).Min + space.FlopsRange(t).Max) / 2),
                    Recipe = new TrainingRecipe { Epochs = epochs, BatchSize = batch, WarmupEpochs = 0 },
                    WarmupEpochs = 1,
                    Data = data,
                    ValSplit = HeldOut,
                    Subset = subset,
                    Seed = r,
                    Threads = threads,
                };
                var watch = Stopwatch.StartNew();
                var result = new SearchTrainer(space, job, prepared, null).Run();
                times[c].Add(watch.Elapsed.TotalSeconds);
                steps[c] = result.Steps;
                log?.Invoke(FormattableString.Invariant($"rep {r + 1}: {string.Join("+", tasks.Select(t => t.Name()))} {watch.Elapsed.TotalSeconds:0.0} s ({result.Steps} steps)"));
            }
        }

        return new SearchBenchmarkResult(configs.Select((tasks, c) => new SearchTiming(tasks, times[c], Statistics.Median(times[c]), steps[c])).ToArray());
    }

    /// <summary>Fraction of the subset held out for the policies.</summary>
    public const double HeldOut = 0.2;

    // The subset is drawn first, then split 80/20, so the search sees exactly `subset` scenes.
    private static MultiTaskData Subset(MultiTaskDataset set, int subset, int seed)
    {
        var pool = set.Train;
        if (subset < pool.Count)
        {
            var order = Seeds.Permutation(pool.Count, new Random(Seeds.Derive(seed, Seeds.SubsetStream)));
            pool = pool.Subset(order[..subset].Order().ToArray());
        }

        return MultiTaskData.Prepare(new MultiTaskJob { Seed = seed, ValSplit = HeldOut }, pool, set.Test);
    }
}
