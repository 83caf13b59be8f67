using NetSpace.Search;
using NetSpace.Torch.Search;
using System.Diagnostics;
using System.Text.Json;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
using NetSpace.Serialization;
using NetSpace.Specs;
using NetSpace.Training;
using NetSpace.Torch.Modules;
using NetSpace.Torch.Training;
using NetSpace.Training.MultiTask;
using NetSpace.Torch.Training.MultiTask;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Search;

/// <summary>Progress of a search: a step update, or a finished epoch with its policy snapshots.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="Step">Steps done in this epoch.</param>
/// <param name="Steps">Steps per epoch.</param>
/// <param name="Loss">Mean weighted training loss so far in the epoch.</param>
/// <param name="Finished">The epoch's snapshots when it has just finished.</param>
public sealed record SearchProgress(int Epoch, int Epochs, int Step, int Steps, double Loss, IReadOnlyList<PolicySnapshot>? Finished);

/// <summary>The bookkeeping of a search checkpoint.</summary>
/// <param name="Epoch">Epochs completed.</param>
/// <param name="Seconds">Wall seconds so far.</param>
/// <param name="Steps">Steps so far.</param>
/// <param name="Logits">Per task, per decision, the policy logits.</param>
/// <param name="Baselines">Per task reward baselines.</param>
/// <param name="Variances">Per task reward variances.</param>
/// <param name="TrainingCounts">Per decision, per choice: training steps so far whose sampled path had that choice (null in checkpoints from before they were counted).</param>
public sealed record SearchCheckpointState(int Epoch, double Seconds, long Steps, IReadOnlyList<IReadOnlyList<IReadOnlyList<double>>> Logits, IReadOnlyList<double?> Baselines, IReadOnlyList<double> Variances, IReadOnlyList<IReadOnlyList<long>>? TrainingCounts = null);

/// <summary>
/// FBNetV5's search in one run: a weight-sharing <see cref="Supernet"/>, one policy per task, and per step ONE
/// architecture a drawn from the proposal (uniform during the weight warm-up, then the mixture of the task
/// policies): the supernet runs a on a training batch once, the weighted sum of every task's loss from that pass
/// trains the shared weights; then a runs once on a held-out batch, and each task's loss there (with a penalty for
/// exceeding its FLOPs target) is that task's reward for the importance-weighted REINFORCE update of its policy
/// (by default against a second proposal draw b on the same held-out batch: <see cref="ReinforceOptions.PairedBaseline"/>).
/// After the last epoch it measures every task's <see cref="RewardSpread"/>.
/// The work per step does not grow with the number of tasks beyond their light heads. Checkpointed every epoch
/// (weights, optimizer, policies), resumable; writes each task's most likely architecture as a plain spec.
/// </summary>
public sealed class SearchTrainer
{
    private readonly SearchSpace space;
    private readonly SearchJob job;
    private readonly MultiTaskData data;
    private readonly string? outDir;

    /// <summary>Prepares a search.</summary>
    public SearchTrainer(SearchSpace space, SearchJob job, MultiTaskData data, string? outDir)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(data);
        job.Validate();
        if (data.Validation is null)
        {
            throw new ArgumentException("the search needs held-out scenes for the policies (val-split > 0)");
        }

        if (data.Train.Size != space.Spec.Input.Size || data.Train.Classes != space.Spec.Classes || space.Spec.Input.Channels != 1)
        {
            throw new SpecValidationException("input", $"the space takes {space.Spec.Input.Channels}×{space.Spec.Input.Size} px with {space.Spec.Classes} classes; the scenes are 1×{data.Train.Size} px with {data.Train.Classes} classes");
        }

        this.space = space;
        this.job = job;
        this.data = data;
        this.outDir = outDir;
    }

    /// <summary>File names in the run folder.</summary>
    public const string JobFile = "search.json", PoliciesFile = "policies.jsonl", ResultFile = "result.json", CheckpointFile = "checkpoint", DerivedFolder = "derived", WeightsFile = "weights";

    /// <summary>Runs (or continues) the search.</summary>
    public SearchResult Run(bool resume = false, IProgress<SearchProgress>? progress = null, CancellationToken cancellation = default)
    {
        TrainingLoop.PrepareProcess(job.Threads);
        var recipe = job.Recipe;
        var tasks = job.Tasks;
        using var net = Supernet.Build(space, tasks, job.Seed);
        var (mean, std) = SceneBatchLoader.Statistics(data.Train);
        var trainLoader = new SceneBatchLoader(data.Train, recipe.BatchSize, net.OutputStride, mean, std, job.Seed, recipe.FlipProbability, recipe.Layout);
        var heldOutLoader = new SceneBatchLoader(data.Validation!, recipe.BatchSize, net.OutputStride, mean, std, job.Seed + 1, recipe.FlipProbability, recipe.Layout);
        int stepsPerEpoch = trainLoader.BatchesPerEpoch;
        using var optimizer = Optim.SGD.For(net.parameters(), recipe);
        var estimator = new MultiTaskReinforce(space.Decisions.Select(d => d.Choices.Count).ToArray(), tasks.Count, job.Policy);
        var history = new List<PolicySnapshot>();
        double startSeconds = 0;
        var watch = Stopwatch.StartNew();

        // Per-epoch state: the architecture sampler, the held-out batches, the loss sums.
        Random random = new(0);
        bool warm = true;
        var trainSums = new double[tasks.Count];
        var heldSums = new double[tasks.Count];
        var heldSquares = new double[tasks.Count];
        int policySteps = 0;
        int[] arch = [];
        // How often each choice was on the trained path: what a path's shared weights saw (search score reports it).
        long[][]? trainingCounts = space.Decisions.Select(d => new long[d.Choices.Count]).ToArray();
        IEnumerator<SceneBatch>? heldOut = null;
        Tensor[] losses = [];
        var loop = new TrainingLoop<SceneBatch, SearchCheckpointState>
        {
            Epochs = recipe.Epochs,
            StepsPerEpoch = stepsPerEpoch,
            Schedule = new LearningRateSchedule(recipe, stepsPerEpoch),
            Optimizer = optimizer,
            Model = net,
            Seed = job.Seed,
            Layout = recipe.Layout,
            Precision = recipe.Precision,
            CheckpointFile = outDir is null ? null : Path.Combine(outDir, CheckpointFile),

            // Gradients to None, not zero: blocks off this step's path are then skipped by SGD (no weight decay,
            // no momentum), exactly as after a resume, where they start without gradients.
            GradientsToNone = true,
            Batches = epoch => trainLoader.TrainingBatches(epoch),
            Count = batch => batch.Count,
            BeforeEpoch = epoch =>
            {
                random = new Random(unchecked((int)((job.Seed * 7919) + epoch)));
                warm = epoch < job.WarmupEpochs;
                Array.Clear(trainSums);
                Array.Clear(heldSums);
                Array.Clear(heldSquares);
                policySteps = 0;
                heldOut?.Dispose();
                heldOut = Cycle(heldOutLoader, epoch).GetEnumerator();
            },
            Loss = batch =>
            {
                arch = warm ? estimator.SampleUniform(random) : estimator.SampleProposal(random);
                if (trainingCounts is not null)
                {
                    for (int d = 0; d < arch.Length; d++)
                    {
                        trainingCounts[d][arch[d]]++;
                    }
                }

                losses = Losses(net.Forward(batch.Images, arch), batch, tasks, recipe.LabelSmoothing);
                Tensor total = losses[0];
                for (int t = 1; t < losses.Length; t++)
                {
                    total = total.add(losses[t], RootedScalars.One);
                }

                return total;
            },
            AfterUpdate = (batch, _) =>
            {
                for (int t = 0; t < tasks.Count; t++)
                {
                    trainSums[t] += losses[t].item<float>() * batch.Count;
                }
            },
            AfterStep = _ =>
            {
                if (warm)
                {
                    return;
                }

                heldOut!.MoveNext();
                using var held = heldOut.Current;
                using var scope = torch.NewDisposeScope();
                double[] Rewards(int[] a, double[] heldLosses) => tasks.Select((task, t) =>
                    -heldLosses[t] - (job.FlopsPenalty * Math.Max(0, ((double)space.Flops(a, task) / job.Target(task)) - 1))).ToArray();
                using (torch.no_grad())
                {
                    var heldLosses = HeldOutLosses(net, held, arch, tasks);
                    for (int t = 0; t < tasks.Count; t++)
                    {
                        heldSums[t] += heldLosses[t];
                        heldSquares[t] += heldLosses[t] * heldLosses[t];
                    }

                    if (job.Policy.PairedBaseline)
                    {
                        // A second architecture from the proposal on the same held-out batch: each is the other's baseline.
                        var other = estimator.SampleProposal(random);
                        estimator.UpdatePaired(arch, Rewards(arch, heldLosses), other, Rewards(other, HeldOutLosses(net, held, other, tasks)));
                    }
                    else
                    {
                        estimator.Update(arch, Rewards(arch, heldLosses));
                    }
                }

                policySteps++;
            },
            OnProgress = t => progress?.Report(new SearchProgress(t.Epoch + 1, recipe.Epochs, t.Steps, stepsPerEpoch, t.LossSum / t.Seen, null)),
            EndEpoch = t =>
            {
                var snapshots = tasks.Select((task, k) =>
                {
                    var probabilities = estimator.Policies[k].AllProbabilities();
                    return new PolicySnapshot
                    {
                        Epoch = t.Epoch + 1,
                        Task = task,
                        Probabilities = probabilities,
                        Entropy = estimator.Policies[k].Entropy(),
                        ExpectedFlops = space.ExpectedFlops(probabilities, task),
                        ModeFlops = space.Flops(estimator.Policies[k].Mode(), task),
                        TrainLoss = trainSums[k] / Math.Max(1, t.Seen),
                        HeldOutLoss = policySteps == 0 ? null : heldSums[k] / policySteps,
                        HeldOutLossStd = policySteps < 2 ? null : Math.Sqrt(Math.Max(0, (heldSquares[k] - (heldSums[k] * heldSums[k] / policySteps)) / (policySteps - 1))),
                    };
                }).ToArray();
                history.AddRange(snapshots);
                if (outDir is not null)
                {
                    WriteHistory(outDir, history);
                }

                return new SearchCheckpointState(
                    t.Epoch + 1,
                    startSeconds + watch.Elapsed.TotalSeconds,
                    ((long)(t.Epoch + 1) * stepsPerEpoch),
                    estimator.Policies.Select(p => (IReadOnlyList<IReadOnlyList<double>>)p.Logits.Select(l => (IReadOnlyList<double>)l.ToArray()).ToArray()).ToArray(),
                    estimator.Baselines,
                    estimator.Variances,
                    trainingCounts?.Select(c => (IReadOnlyList<long>)c.ToArray()).ToArray());
            },
            AfterEpoch = t => progress?.Report(new SearchProgress(t.Epoch + 1, recipe.Epochs, stepsPerEpoch, stepsPerEpoch, t.MeanLoss, history.Skip(history.Count - tasks.Count).ToArray())),
        };

        var resumed = loop.Begin(outDir, resume, outDir is null ? [] : [Path.Combine(outDir, ResultFile)], "search", () =>
        {
            RunFolder.WriteJson(Path.Combine(outDir!, JobFile), job);
            WriteHistory(outDir!, []);
        });
        int startEpoch = 0;
        long steps = 0;
        if (resumed is not null)
        {
            estimator.Restore(resumed.Logits, resumed.Baselines, resumed.Variances);
            (startEpoch, startSeconds, steps) = (resumed.Epoch, resumed.Seconds, resumed.Steps);
            trainingCounts = resumed.TrainingCounts?.Select(c => c.ToArray()).ToArray();
            history.AddRange(ReadHistory(outDir!).Where(h => h.Epoch <= startEpoch));
            WriteHistory(outDir!, history);
        }

        watch.Restart();
        try
        {
            var end = loop.Run(startEpoch, steps, cancellation);
            if (end.Diverged)
            {
                return Finish(RunStatus.Diverged, $"loss became NaN/Inf at step {end.Step}", end.Epoch, startSeconds + watch.Elapsed.TotalSeconds, end.Step, estimator, tasks, [], trainingCounts);
            }

            var spread = MeasureRewardSpread(net, heldOutLoader, tasks);
            if (outDir is not null)
            {
                // The shared weights, for scoring given architectures afterwards (search score).
                RunFolder.SaveWeights(net, Path.Combine(outDir, WeightsFile));
            }

            return Finish(RunStatus.Completed, null, recipe.Epochs, startSeconds + watch.Elapsed.TotalSeconds, end.Step, estimator, tasks, spread, trainingCounts);
        }
        finally
        {
            heldOut?.Dispose();
        }
    }

    /// <summary>Reads <c>policies.jsonl</c> of a search folder.</summary>
    public static IReadOnlyList<PolicySnapshot> ReadHistory(string dir)
    {
        string file = Path.Combine(dir, PoliciesFile);
        return File.Exists(file)
            ? File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<PolicySnapshot>(l, SpecJson.Options)!).ToArray()
            : [];
    }

    /// <summary>The derived architecture of one task from its final policy snapshot (the most likely choice per decision).</summary>
    public static DerivedArchitecture Derive(SearchSpace space, SearchJob job, PolicySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(snapshot);
        var choices = snapshot.Probabilities.Select(p => p.ToList().IndexOf(p.Max())).ToArray();
        return Describe(space, job, snapshot, choices);
    }

    /// <summary>Describes <paramref name="choices"/> as a task's derived architecture (probability under the snapshot's policy).</summary>
    public static DerivedArchitecture Describe(SearchSpace space, SearchJob job, PolicySnapshot snapshot, IReadOnlyList<int> choices)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(choices);
        double logP = 0;
        for (int d = 0; d < choices.Count; d++)
        {
            logP += Math.Log(snapshot.Probabilities[d][choices[d]]);
        }

        return new DerivedArchitecture
        {
            Task = snapshot.Task,
            Choices = choices,
            Labels = choices.Select((c, d) => space.Decisions[d].Choices[c]).ToArray(),
            Probability = Math.Exp(logP),
            Flops = space.Flops(choices, snapshot.Task),
            Target = job.Target(snapshot.Task),
            SpecFile = Path.Combine(DerivedFolder, $"{snapshot.Task.Name()}.json"),
        };
    }

    /// <summary>Architectures and held-out batches of the reward-spread measurement after the search.</summary>
    public const int SpreadArchitectures = 16, SpreadBatches = 8;

    // Every task's held-out loss of SpreadArchitectures uniformly drawn architectures on the same SpreadBatches
    // held-out batches, with the final shared weights and the reward's conditions (training-mode batch norm, the
    // held-out loader's flips).
    private List<RewardSpread> MeasureRewardSpread(Supernet net, SceneBatchLoader heldOutLoader, IReadOnlyList<VisionTask> tasks)
    {
        var random = new Random(unchecked((int)((job.Seed * 7919) + 104729)));
        var archs = Enumerable.Range(0, SpreadArchitectures).Select(_ => space.Decisions.Select(d => random.Next(d.Choices.Count)).ToArray()).ToArray();
        var losses = HeldOutLossTable(net, Cycle(heldOutLoader, 1_000_000).Take(SpreadBatches), archs, tasks);
        return losses[0][0].Count < 2 ? [] : tasks.Select((task, t) => RewardSpread.Compute(task, losses[t])).ToList();
    }

    /// <summary>
    /// Every task's held-out loss of every architecture on each of <paramref name="batches"/> (the same batches for
    /// all; each batch is disposed), as [task][architecture][batch], under the reward's conditions: training-mode
    /// batch norm (batch statistics; the supernet's running statistics mix every path) and no gradients.
    /// </summary>
    public static List<double>[][] HeldOutLossTable(Supernet net, IEnumerable<SceneBatch> batches, IReadOnlyList<int[]> archs, IReadOnlyList<VisionTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(archs);
        ArgumentNullException.ThrowIfNull(tasks);
        var losses = tasks.Select(_ => archs.Select(_ => new List<double>()).ToArray()).ToArray();
        net.train();
        foreach (var batch in batches)
        {
            using (batch)
            using (torch.no_grad())
            {
                for (int i = 0; i < archs.Count; i++)
                {
                    var l = HeldOutLosses(net, batch, archs[i], tasks);
                    for (int t = 0; t < tasks.Count; t++)
                    {
                        losses[t][i].Add(l[t]);
                    }
                }
            }
        }

        return losses;
    }

    private static double[] HeldOutLosses(Supernet net, SceneBatch batch, int[] arch, IReadOnlyList<VisionTask> tasks)
    {
        using var scope = torch.NewDisposeScope();
        return Losses(net.Forward(batch.Images, arch), batch, tasks, 0).Select(l => (double)l.item<float>()).ToArray();
    }

    private static Tensor[] Losses(Modules.MultiTask.MultiTaskOutputs o, SceneBatch batch, IReadOnlyList<VisionTask> tasks, double smoothing) =>
        tasks.Select(task => task switch
        {
            VisionTask.Classification => MultiTaskLosses.Classification(o.Logits!, batch.Labels, smoothing),
            VisionTask.Detection => MultiTaskLosses.Detection(o.Detection!, batch.Heat, batch.Regression, batch.Centres),
            _ => MultiTaskLosses.Segmentation(o.Segmentation!, batch.Masks),
        }).ToArray();

    // Held-out batches without end: the epoch's shuffled batches, then the next pass's.
    private static IEnumerable<SceneBatch> Cycle(SceneBatchLoader loader, int epoch)
    {
        for (int pass = 0; ; pass++)
        {
            foreach (var batch in loader.TrainingBatches((epoch * 1000) + pass))
            {
                yield return batch;
            }
        }
    }

    private static void WriteHistory(string dir, IEnumerable<PolicySnapshot> history) =>
        RunFolder.WriteJsonLines(Path.Combine(dir, PoliciesFile), history);

    private SearchResult Finish(RunStatus status, string? reason, int epochs, double seconds, long steps, MultiTaskReinforce estimator, IReadOnlyList<VisionTask> tasks, IReadOnlyList<RewardSpread> spread, long[][]? trainingCounts)
    {
        var derived = new List<DerivedArchitecture>();
        for (int t = 0; t < tasks.Count; t++)
        {
            var snapshot = new PolicySnapshot { Task = tasks[t], Probabilities = estimator.Policies[t].AllProbabilities() };
            var d = Derive(space, job, snapshot);
            derived.Add(d);
            if (outDir is not null)
            {
                Directory.CreateDirectory(Path.Combine(outDir, DerivedFolder));
                var spec = space.Derive(d.Choices, $"{space.Spec.Name}-{tasks[t].Name()}");
                AtomicFile.WriteAllText(Path.Combine(outDir, d.SpecFile), SpecJson.Serialize(spec) + "\n");
            }
        }

        var result = new SearchResult
        {
            Status = status,
            Reason = reason,
            Epochs = epochs,
            Tasks = tasks,
            SpaceSize = space.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Seconds = seconds,
            Steps = steps,
            Derived = derived,
            RewardSpread = spread,
            TrainingCounts = trainingCounts?.Select(c => (IReadOnlyList<long>)c).ToArray(),
        };
        if (outDir is not null)
        {
            RunFolder.WriteJson(Path.Combine(outDir, ResultFile), result);
            if (status == RunStatus.Completed)
            {
                File.Delete(Path.Combine(outDir, CheckpointFile));
            }
        }

        return result;
    }
}
