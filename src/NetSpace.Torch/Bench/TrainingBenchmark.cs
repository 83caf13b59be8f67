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
    /// <summary>Runs <paramref name="warmup"/> untimed then <paramref name="steps"/> timed steps on <paramref name="data"/> batches.</summary>
    public static TrainingBenchmarkResult Run(NetworkSpec spec, ImageDataset data, int batch, int threads, int warmup = 3, int steps = 20)
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
                var loss = nn.functional.cross_entropy(model.call(b.Images), b.Labels);
                loss.backward();
                optimizer.step();
                _ = loss.item<float>();
                long t2 = Stopwatch.GetTimestamp();
                if (i >= warmup)
                {
                    dataTimes.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                    stepTimes.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
                }
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
