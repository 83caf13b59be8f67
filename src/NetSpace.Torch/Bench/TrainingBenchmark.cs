using System.Diagnostics;
using NetSpace.Complexity;
using NetSpace.Data;
using NetSpace.Modules;
using NetSpace.Specs;
using NetSpace.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Bench;

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
    public static TrainingBenchmarkResult Run(NetworkSpec spec, ImageDataset data, int batch, int threads, int warmup = 3, int steps = 20, int profileSteps = 5)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        NativeMemoryTuning.Apply();
        if (threads > 0)
        {
            torch.set_num_threads(threads);
        }

        var recipe = new TrainingRecipe { BatchSize = batch };
        var loader = new BatchLoader(data, Trainer.TrainOptions(recipe, data), seed: 0);
        if (loader.BatchesPerEpoch < 1)
        {
            throw new ArgumentException($"the data set has {data.Count} images, fewer than one batch of {batch}");
        }

        var dataTimes = new List<double>();
        var stepTimes = new List<double>();
        var forwardTimes = new List<double>();
        var backwardTimes = new List<double>();
        var optimizerTimes = new List<double>();
        var byKind = new Dictionary<string, double>();
        using (var model = NetworkBuilder.Build(spec, seed: 0))
        using (var optimizer = torch.optim.SGD(model.parameters(), recipe.PeakLr, momentum: recipe.Momentum, weight_decay: recipe.WeightDecay))
        {
            model.train();
            for (int i = 0; i < warmup + steps; i++)
            {
                using var scope = torch.NewDisposeScope();
                long t0 = Stopwatch.GetTimestamp();
                var b = loader.TrainingBatch(0, i % loader.BatchesPerEpoch);
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
                if (i >= warmup)
                {
                    dataTimes.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                    stepTimes.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
                    forwardTimes.Add(Stopwatch.GetElapsedTime(tz, tf).TotalMilliseconds);
                    backwardTimes.Add(Stopwatch.GetElapsedTime(tf, tb).TotalMilliseconds);
                    optimizerTimes.Add(Stopwatch.GetElapsedTime(t1, tz).TotalMilliseconds + Stopwatch.GetElapsedTime(tb, t2).TotalMilliseconds);
                }
            }

            // Where the forward goes, by layer kind: extra steps with hooks (they add a little overhead of their own).
            if (profileSteps > 0)
            {
                using var profile = new ForwardProfile(model);
                double forwardTotal = 0;
                for (int i = 0; i < profileSteps; i++)
                {
                    using var scope = torch.NewDisposeScope();
                    var b = loader.TrainingBatch(0, i % loader.BatchesPerEpoch);
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
            }
        }

        double stepMs = Median(stepTimes);
        long flops = NetworkComplexity.Measure(spec).Flops;
        double imagesPerSecond = batch / (stepMs / 1000);
        return new TrainingBenchmarkResult
        {
            Model = spec.Name ?? "spec",
            Batch = batch,
            Threads = torch.get_num_threads(),
            Flops = flops,
            StepMilliseconds = stepMs,
            ImagesPerSecond = imagesPerSecond,
            TrainGflops = 3.0 * flops * imagesPerSecond / 1e9,
            DenseConvGflops = DenseConvGflops(batch, Math.Max(spec.Input.Size, 14)),
            DataMilliseconds = Median(dataTimes),
            ForwardMilliseconds = Median(forwardTimes),
            BackwardMilliseconds = Median(backwardTimes),
            OptimizerMilliseconds = Median(optimizerTimes),
            ForwardByKind = byKind,
        };
    }

    /// <summary>
    /// Forward GFLOP/s (multiply-adds) of a dense 3×3, 64→64-channel convolution on a batch×64×size×size
    /// input: a well-optimised kernel of the size small networks use, i.e. what this machine can reach.
    /// </summary>
    public static double DenseConvGflops(int batch, int size, int channels = 64, int reps = 10)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = torch.randn(batch, channels, size, size);
        var w = torch.randn(channels, channels, 3, 3);
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
}
