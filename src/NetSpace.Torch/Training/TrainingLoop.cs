using NetSpace.Training;
using NetSpace.Torch.Training;
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Training;

/// <summary>
/// The one training loop every trainer runs (classification, multi-task, search), as pycls's single trainer serves
/// all its models. It owns what they share: the process set-up (threads, allocator), the run folder's start
/// (new, resumed from its checkpoint, or refused when it already holds a run), per-epoch reseeding of libtorch's
/// generator (so a resumed run draws what an uninterrupted one draws), the per-step learning rate, the NaN/Inf
/// check before the update, progress every 10 steps, cancellation after a step, and the end-of-epoch checkpoint.
/// A trainer supplies its batches, its loss, what to do after a step and how to close an epoch (evaluation and
/// metrics), and returns its own result.
/// </summary>
/// <typeparam name="TBatch">The batch type.</typeparam>
/// <typeparam name="TState">The trainer's checkpoint state (epoch, metrics, …), saved with the weights.</typeparam>
public sealed class TrainingLoop<TBatch, TState>
    where TBatch : IDisposable
{
    /// <summary>Epochs in the run.</summary>
    public required int Epochs { get; init; }

    /// <summary>Training steps per epoch.</summary>
    public required int StepsPerEpoch { get; init; }

    /// <summary>The per-step learning rate.</summary>
    public required LearningRateSchedule Schedule { get; init; }

    /// <summary>The optimizer whose parameter groups get the rate.</summary>
    public required TorchSharp.Modules.OptimizerHelper Optimizer { get; init; }

    /// <summary>The network trained (saved in checkpoints).</summary>
    public required nn.Module Model { get; init; }

    /// <summary>An averaged copy saved with checkpoints, or null.</summary>
    public nn.Module? Ema { get; init; }

    /// <summary>The run's seed (per-epoch reseeding).</summary>
    public required long Seed { get; init; }

    /// <summary>
    /// The memory layout of weights, activations and optimizer state while training (<see cref="Modules.ChannelsLast"/>:
    /// applied after a resume has loaded the checkpoint, which is always stored in the standard layout).
    /// </summary>
    public MemoryLayout Layout { get; init; } = MemoryLayout.Nchw;

    /// <summary>The number format the model (and the EMA copy) compute in (<see cref="Modules.MixedPrecision"/>); weights stay float32.</summary>
    public Precision Precision { get; init; } = Precision.Fp32;

    /// <summary>Set gradients to None instead of zero before each step (parameters off the step's path are then skipped by SGD).</summary>
    public bool GradientsToNone { get; init; }

    /// <summary>The training batches of an epoch (0-based), seeded by (seed, epoch).</summary>
    public required Func<int, IEnumerable<TBatch>> Batches { get; init; }

    /// <summary>Images in a batch.</summary>
    public required Func<TBatch, int> Count { get; init; }

    /// <summary>The forward pass: the loss to minimise, computed inside the step's dispose scope.</summary>
    public required Func<TBatch, Tensor> Loss { get; init; }

    /// <summary>After the update, still inside the step's scope (EMA, accuracy, per-task sums). Gets the loss value.</summary>
    public Action<TBatch, float>? AfterUpdate { get; init; }

    /// <summary>After the step's scope closed, before the batch is disposed (the search's policy update).</summary>
    public Action<TBatch>? AfterStep { get; init; }

    /// <summary>Before an epoch's first batch (per-epoch state of the trainer).</summary>
    public Action<int>? BeforeEpoch { get; init; }

    /// <summary>Closes an epoch: evaluation and metrics. Returns the checkpoint state, saved right after.</summary>
    public required Func<EpochTally, TState> EndEpoch { get; init; }

    /// <summary>After an epoch's checkpoint was saved (the epoch's progress report).</summary>
    public Action<EpochTally>? AfterEpoch { get; init; }

    /// <summary>Every 10 steps and at an epoch's last step.</summary>
    public Action<EpochTally>? OnProgress { get; init; }

    /// <summary>The checkpoint file, or null to keep nothing on disk.</summary>
    public string? CheckpointFile { get; init; }

    /// <summary>Seconds spent waiting for training batches in the last <see cref="Run"/>.</summary>
    public double DataSeconds { get; private set; }

    /// <summary>Seconds spent in training steps (forward, backward, update) in the last <see cref="Run"/>.</summary>
    public double StepSeconds { get; private set; }

    /// <summary>
    /// Starts the run folder <paramref name="directory"/> (null: nothing on disk). With <paramref name="resume"/> and a
    /// checkpoint, loads weights, optimizer and EMA into the loop's modules and returns the trainer's state; otherwise, when
    /// any of <paramref name="runFiles"/> exists the folder already holds a <paramref name="what"/> (a
    /// <see cref="RunFolderConflictException"/>), else <paramref name="create"/> writes the new run's first files.
    /// </summary>
    public TState? Begin(string? directory, bool resume, IEnumerable<string> runFiles, string what, Action create)
    {
        ArgumentNullException.ThrowIfNull(runFiles);
        ArgumentNullException.ThrowIfNull(create);
        if (directory is null || CheckpointFile is null)
        {
            return default;
        }

        if (resume && File.Exists(CheckpointFile))
        {
            return TrainingCheckpoint.Load<TState>(CheckpointFile, Model, Optimizer, Ema);
        }

        if (!resume && (File.Exists(CheckpointFile) || runFiles.Any(File.Exists)))
        {
            throw new RunFolderConflictException($"{directory}: already holds a {what}; use --resume to continue it or choose another --out");
        }

        Directory.CreateDirectory(directory);
        create();
        return default;
    }

    /// <summary>
    /// Trains epochs <paramref name="startEpoch"/> … <see cref="Epochs"/> − 1 from step <paramref name="startStep"/>.
    /// Returns the end: completed, or diverged at a step (the update of that step is not applied).
    /// Cancellation stops after the current step (<see cref="OperationCanceledException"/>); the last checkpoint stays.
    /// </summary>
    public LoopEnd Run(int startEpoch, long startStep, CancellationToken cancellation)
    {
        Modules.ChannelsLast.Apply(Layout, Model, Optimizer, Ema);
        Modules.MixedPrecision.Apply(Precision, Model, Ema);
        Model.train();
        DataSeconds = 0;
        StepSeconds = 0;
        long step = startStep;
        for (int epoch = startEpoch; epoch < Epochs; epoch++)
        {
            // Dropout and other libtorch draws: reseeded per epoch so a resumed run matches.
            torch.random.manual_seed(unchecked((Seed * 1_000_003) + epoch));
            BeforeEpoch?.Invoke(epoch);
            var tally = new EpochTally(epoch, Epochs, StepsPerEpoch, Stopwatch.StartNew());
            var dataWatch = Stopwatch.StartNew();
            foreach (var batch in Batches(epoch))
            {
                DataSeconds += dataWatch.Elapsed.TotalSeconds;
                var stepWatch = Stopwatch.StartNew();
                using (batch)
                {
                    using (torch.NewDisposeScope())
                    {
                        double lr = Schedule.At(step);
                        foreach (var group in Optimizer.ParamGroups)
                        {
                            group.LearningRate = lr;
                        }

                        if (GradientsToNone)
                        {
                            Model.zero_grad(set_to_none: true);
                        }
                        else
                        {
                            Optimizer.zero_grad();
                        }

                        var loss = Loss(batch);
                        float value = loss.item<float>();
                        if (!float.IsFinite(value))
                        {
                            return new LoopEnd(Diverged: true, step, epoch, tally.Watch.Elapsed.TotalSeconds);
                        }

                        loss.backward();
                        Optimizer.step();
                        AfterUpdate?.Invoke(batch, value);
                        int n = Count(batch);
                        tally.Add(value, n, lr);
                    }

                    AfterStep?.Invoke(batch);
                }

                StepSeconds += stepWatch.Elapsed.TotalSeconds;
                step++;
                if (OnProgress is not null && (tally.Steps % 10 == 0 || tally.Steps == StepsPerEpoch))
                {
                    OnProgress(tally);
                }

                cancellation.ThrowIfCancellationRequested();
                dataWatch.Restart();
            }

            tally.TrainSeconds = tally.Watch.Elapsed.TotalSeconds;
            var state = EndEpoch(tally);
            if (CheckpointFile is not null)
            {
                TrainingCheckpoint.Save(CheckpointFile, Model, Optimizer, Ema, state);
            }

            AfterEpoch?.Invoke(tally);
        }

        return new LoopEnd(Diverged: false, step, Epochs, 0);
    }
}

/// <summary>What every training run sets up once per process.</summary>
public static class TrainingLoop
{
    /// <summary>Applies the process-wide settings a run needs: glibc allocator thresholds and libtorch's intra-op threads (0 = default).</summary>
    public static void PrepareProcess(int threads)
    {
        NativeMemoryTuning.Apply();
        if (threads > 0)
        {
            torch.set_num_threads(threads);
        }
    }
}

/// <summary>How <see cref="TrainingLoop{TBatch, TState}.Run"/> ended.</summary>
/// <param name="Diverged">The loss became NaN/Inf.</param>
/// <param name="Step">The diverged step, or the step count at the end.</param>
/// <param name="Epoch">The (0-based) epoch it diverged in, or the epoch count.</param>
/// <param name="EpochSeconds">Seconds spent in the diverged epoch.</param>
public sealed record LoopEnd(bool Diverged, long Step, int Epoch, double EpochSeconds);

/// <summary>The running sums of one epoch.</summary>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="Epochs">Epochs in the run.</param>
/// <param name="StepsPerEpoch">Steps per epoch.</param>
/// <param name="Watch">Started when the epoch started.</param>
public sealed record EpochTally(int Epoch, int Epochs, int StepsPerEpoch, Stopwatch Watch)
{
    /// <summary>Steps done.</summary>
    public int Steps { get; private set; }

    /// <summary>Images seen.</summary>
    public long Seen { get; private set; }

    /// <summary>Sum of loss × batch size.</summary>
    public double LossSum { get; private set; }

    /// <summary>Learning rate of the last step.</summary>
    public double Lr { get; private set; }

    /// <summary>Seconds of the training part of the epoch (set when its last step is done, before evaluation).</summary>
    public double TrainSeconds { get; set; }

    /// <summary>Mean training loss so far.</summary>
    public double MeanLoss => LossSum / Math.Max(1, Seen);

    /// <summary>Training throughput so far in the epoch (wall time since it started).</summary>
    public double ImagesPerSecond => Seen / Watch.Elapsed.TotalSeconds;

    internal void Add(float loss, int count, double lr)
    {
        LossSum += loss * count;
        Seen += count;
        Lr = lr;
        Steps++;
    }
}
