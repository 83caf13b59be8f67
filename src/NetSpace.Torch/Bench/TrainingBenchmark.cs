using NetSpace.Bench;
using NetSpace.Torch.Bench;
using System.Diagnostics;
using NetSpace.Complexity;
using NetSpace.Data;
using NetSpace.Torch.Data;
using NetSpace.Torch.Modules;
using NetSpace.Specs;
using NetSpace.Training;
using NetSpace.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Bench;

/// <summary>How a benchmarked network trains: its memory layout and number format.</summary>
/// <param name="Layout">Layout of activations, conv weights and optimizer state.</param>
/// <param name="Precision">Number format of activations and convolutions.</param>
public readonly record struct TrainingSetting(MemoryLayout Layout, Precision Precision);

/// <summary>
/// Measures full training steps of a spec (forward, backward, SGD with momentum and weight decay) and, in
/// the same run, a dense 3×3 convolution as the machine's practical limit, plus the time to build a batch.
/// </summary>
public static class TrainingBenchmark
{
    /// <summary>
    /// Runs <paramref name="warmup"/> untimed then <paramref name="steps"/> timed steps on <paramref name="data"/>
    /// batches, then <paramref name="profileSteps"/> steps with forward hooks for the per-layer-kind profile.
    /// </summary>
    public static TrainingBenchmarkResult Run(NetworkSpec spec, ImageDataset data, int batch, int threads, int warmup = 3, int steps = 20, int profileSteps = 5, MemoryLayout layout = MemoryLayout.Nhwc, Precision precision = Precision.Fp32) =>
        Compare(spec, data, batch, threads, [new TrainingSetting(layout, precision)], warmup, steps, profileSteps)[0];

    /// <summary>
    /// As <see cref="Run"/> for each of <paramref name="settings"/>, one network (same seed) per setting, their steps
    /// alternating (one step of each per round) so that changes in the machine's load affect every setting alike.
    /// </summary>
    public static IReadOnlyList<TrainingBenchmarkResult> Compare(
        NetworkSpec spec, ImageDataset data, int batch, int threads, IReadOnlyList<TrainingSetting> settings, int warmup = 3, int steps = 20, int profileSteps = 5)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Count == 0)
        {
            throw new ArgumentException("at least one setting is needed", nameof(settings));
        }

        NativeMemoryTuning.Apply();
        if (threads > 0)
        {
            torch.set_num_threads(threads);
        }

        var runs = settings.Select(setting => new SettingRun(spec, data, batch, setting)).ToArray();
        try
        {
            if (runs[0].Loader.BatchesPerEpoch < 1)
            {
                throw new ArgumentException($"the data set has {data.Count} images, fewer than one batch of {batch}");
            }

            for (int i = 0; i < warmup + steps; i++)
            {
                foreach (var run in runs)
                {
                    run.Step(i, timed: i >= warmup);
                }
            }

            // Where the forward goes, by layer kind: extra steps with hooks (they add a little overhead of their own).
            foreach (var run in runs)
            {
                run.Profile(profileSteps);
            }

            long flops = NetworkComplexity.Measure(spec).Flops;
            int size = Math.Max(spec.Input.Size, 14);
            double denseNchw = DenseConvGflops(batch, size);
            double denseNhwc = DenseConvGflops(batch, size, layout: MemoryLayout.Nhwc);
            return runs.Select(run => run.Result(flops, denseNchw, denseNhwc)).ToArray();
        }
        finally
        {
            foreach (var run in runs)
            {
                run.Dispose();
            }
        }
    }

    /// <summary>
    /// Forward GFLOP/s (multiply-adds) of a dense 3×3, 64→64-channel convolution on a batch×64×size×size
    /// input: a well-optimised kernel of the size small networks use, i.e. what this machine can reach.
    /// </summary>
    public static double DenseConvGflops(int batch, int size, int channels = 64, int reps = 10, MemoryLayout layout = MemoryLayout.Nchw)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = ChannelsLast.To(torch.randn(batch, channels, size, size), layout);
        var w = ChannelsLast.To(torch.randn(channels, channels, 3, 3), layout);
        for (int i = 0; i < 2; i++)
        {
            nn.functional.conv2d(x, w, padding: [1, 1]).Dispose();
        }

        var times = new List<double>();
        for (int i = 0; i < reps; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            nn.functional.conv2d(x, w, padding: [1, 1]).Dispose();
            times.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
        }

        double flops = 9.0 * channels * channels * size * size * batch;
        return flops / Median(times) / 1e9;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    // Counts of each layout name over 4-D tensors (e.g. {"nhwc": 40, "either": 2}).
    private static Dictionary<string, int> CountLayouts(IEnumerable<Tensor> tensors)
    {
        var counts = new Dictionary<string, int>();
        foreach (var t in tensors.Where(t => t.dim() == 4))
        {
            string layout = ChannelsLast.Describe(t);
            counts[layout] = counts.GetValueOrDefault(layout) + 1;
        }

        return counts;
    }

    /// <summary>One setting's network, optimizer, loader and timings.</summary>
    private sealed class SettingRun : IDisposable
    {
        private readonly NetworkSpec spec;
        private readonly int batch;
        private readonly NetworkModule model;
        private readonly Optim.SGD optimizer;
        private readonly List<double> dataTimes = [];
        private readonly List<double> stepTimes = [];
        private readonly List<double> forwardTimes = [];
        private readonly List<double> backwardTimes = [];
        private readonly List<double> optimizerTimes = [];
        private readonly Dictionary<string, double> byKind = [];
        private IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> outputLayouts = new Dictionary<string, IReadOnlyDictionary<string, int>>();

        public SettingRun(NetworkSpec spec, ImageDataset data, int batch, TrainingSetting setting)
        {
            this.spec = spec;
            this.batch = batch;
            Setting = setting;
            var recipe = new TrainingRecipe { BatchSize = batch, Layout = setting.Layout, Precision = setting.Precision };
            Loader = new BatchLoader(data, Trainer.TrainOptions(recipe, data), seed: 0);
            model = NetworkBuilder.Build(spec, seed: 0);
            optimizer = Optim.SGD.For(model.parameters(), recipe);
            ChannelsLast.Apply(setting.Layout, model, optimizer);
            MixedPrecision.Apply(setting.Precision, model);
            model.train();
        }

        public TrainingSetting Setting { get; }

        public BatchLoader Loader { get; }

        public void Step(int i, bool timed)
        {
            using var scope = torch.NewDisposeScope();
            long t0 = Stopwatch.GetTimestamp();
            var b = Loader.TrainingBatch(0, i % Loader.BatchesPerEpoch);
            long t1 = Stopwatch.GetTimestamp();
            optimizer.zero_grad();
            long tz = Stopwatch.GetTimestamp();
            var logits = model.call(b.Images);
            long tf = Stopwatch.GetTimestamp();
            var loss = nn.functional.cross_entropy(logits, b.Labels);
            loss.backward();
            long tb = Stopwatch.GetTimestamp();
            optimizer.step();
            _ = loss.item<float>();
            long t2 = Stopwatch.GetTimestamp();
            if (timed)
            {
                dataTimes.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                stepTimes.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
                forwardTimes.Add(Stopwatch.GetElapsedTime(tz, tf).TotalMilliseconds);
                backwardTimes.Add(Stopwatch.GetElapsedTime(tf, tb).TotalMilliseconds);
                optimizerTimes.Add(Stopwatch.GetElapsedTime(t1, tz).TotalMilliseconds + Stopwatch.GetElapsedTime(tb, t2).TotalMilliseconds);
            }
        }

        public void Profile(int profileSteps)
        {
            if (profileSteps <= 0)
            {
                return;
            }

            using var profile = new ForwardProfile(model);
            double forwardTotal = 0;
            for (int i = 0; i < profileSteps; i++)
            {
                using var scope = torch.NewDisposeScope();
                var b = Loader.TrainingBatch(0, i % Loader.BatchesPerEpoch);
                optimizer.zero_grad();
                long tz = Stopwatch.GetTimestamp();
                var logits = model.call(b.Images);
                forwardTotal += Stopwatch.GetElapsedTime(tz).TotalMilliseconds;
                nn.functional.cross_entropy(logits, b.Labels).backward();
                optimizer.step();
            }

            foreach (var (kind, ms) in profile.Milliseconds)
            {
                byKind[kind] = ms / profileSteps;
            }

            byKind["outside layers"] = Math.Max(0, (forwardTotal - profile.Milliseconds.Values.Sum()) / profileSteps);
            outputLayouts = profile.OutputLayouts;
        }

        public TrainingBenchmarkResult Result(long flops, double denseNchw, double denseNhwc)
        {
            double stepMs = Median(stepTimes);
            double imagesPerSecond = batch / (stepMs / 1000);
            var grads = model.parameters().Select(p => p.grad).Where(g => g is not null).Select(g => g!).ToArray();
            var momenta = optimizer.state_dict().State
                .OfType<TorchSharp.Modules.SGD.State>().Select(s => s.momentum_buffer).Where(m => m is not null).ToArray();
            var result = new TrainingBenchmarkResult
            {
                Model = spec.Name ?? "spec",
                Layout = Setting.Layout,
                Precision = Setting.Precision,
                Batch = batch,
                Threads = torch.get_num_threads(),
                Flops = flops,
                StepMilliseconds = stepMs,
                ImagesPerSecond = imagesPerSecond,
                TrainGflops = 3.0 * flops * imagesPerSecond / 1e9,
                DenseConvGflops = Math.Max(denseNchw, denseNhwc),
                DenseConvNchwGflops = denseNchw,
                DenseConvNhwcGflops = denseNhwc,
                DataMilliseconds = Median(dataTimes),
                ForwardMilliseconds = Median(forwardTimes),
                BackwardMilliseconds = Median(backwardTimes),
                OptimizerMilliseconds = Median(optimizerTimes),
                ForwardByKind = byKind,
                OutputLayoutsByKind = outputLayouts,
                WeightLayouts = CountLayouts(model.parameters()),
                GradientLayouts = CountLayouts(grads),
                MomentumLayouts = CountLayouts(momenta!),
            };
            foreach (var g in grads)
            {
                g.Dispose();
            }

            return result;
        }

        public void Dispose()
        {
            optimizer.Dispose();
            model.Dispose();
        }
    }
}
