using NetSpace.Interop.Onnx;
using System.Diagnostics;
using System.Globalization;
using NetSpace.Analysis;
using NetSpace.Bench;
using NetSpace.Torch.Bench;
using NetSpace.Complexity;
using NetSpace.Torch.Modules;
using NetSpace.Specs;
using NetSpace.Training;
using NetSpace.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Interop;

/// <summary>
/// TorchSharp and ONNX Runtime side by side: for each spec one network (seeded weights, BN calibrated on random
/// images as <see cref="InferenceBenchmark"/> does), TorchSharp's best configuration (BN folded,
/// inference_mode) and the ONNX graph exported from the same weights, the same input batch and the same thread
/// count; timed in alternating rounds (one forward each, the order swapped every round) so that load drift on a
/// shared machine hits both engines alike.
/// </summary>
public static class EngineBenchmark
{
    /// <summary>Measures every spec at every batch size.</summary>
    public static IReadOnlyList<EngineTiming> Run(IReadOnlyList<NetworkSpec> specs, EngineBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Batches.Count == 0 || options.Batches.Any(b => b < 1) || options.Reps < 1 || options.Warmup < 0)
        {
            throw new ArgumentException("batch sizes and reps must be ≥ 1, warm-up ≥ 0");
        }

        NativeMemoryTuning.Apply();
        int original = torch.get_num_threads();
        int threads = options.Threads > 0 ? options.Threads : original;
        try
        {
            torch.set_num_threads(threads);
            return specs.SelectMany(s => Measure(s, options, threads)).ToArray();
        }
        finally
        {
            torch.set_num_threads(original);
        }
    }

    /// <summary>The intra-op thread count both engines use for <paramref name="options"/>.</summary>
    public static int Threads(EngineBenchmarkOptions options) => options?.Threads > 0 ? options.Threads : torch.get_num_threads();

    private static List<EngineTiming> Measure(NetworkSpec spec, EngineBenchmarkOptions options, int threads)
    {
        SpecValidator.Validate(spec);
        string name = spec.Name ?? "spec";
        long flops = NetworkComplexity.Measure(spec).Flops;
        options.Progress?.Invoke($"{name}: building, calibrating BN, exporting");
        using var model = NetworkBuilder.Build(spec, options.Seed);
        InferenceBenchmark.CalibrateBatchNorm(model, options.Seed);
        using var folded = BatchNormFolding.FoldedCopy(model);
        var bytes = TorchOnnx.Export(folded, new OnnxExportOptions());
        using var engine = new OnnxRuntimeEngine(bytes, threads);
        var results = new List<EngineTiming>();
        foreach (int batch in options.Batches.Distinct().Order())
        {
            options.Progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{name}: batch {batch}"));
            using var scope = torch.NewDisposeScope();
            var x = InferenceBenchmark.RandomImages(spec, batch, options.Seed + batch);
            var data = x.data<float>().ToArray();
            long[] shape = x.shape;
            float[] torchLogits = [], ortLogits = [];
            double TorchForward(bool keep)
            {
                using var inner = torch.NewDisposeScope();
                using var mode = torch.inference_mode();
                long t0 = Stopwatch.GetTimestamp();
                var y = folded.call(x);
                double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (keep)
                {
                    torchLogits = y.data<float>().ToArray();
                }

                return ms;
            }

            double OrtForward(bool keep)
            {
                long t0 = Stopwatch.GetTimestamp();
                var y = engine.Run(data, shape);
                double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (keep)
                {
                    ortLogits = y[0].Data;
                }

                return ms;
            }

            double lastRound = 0;
            for (int w = 0; w < Math.Max(1, options.Warmup); w++)
            {
                lastRound = TorchForward(w == 0) + OrtForward(w == 0);
            }

            int reps = options.Reps;
            if (options.AdaptReps && lastRound > 0)
            {
                reps = Math.Clamp((int)Math.Floor(options.TimeBudgetSeconds * 1000 / lastRound), Math.Min(3, options.Reps), options.Reps);
            }

            var torchMs = new List<double>(reps);
            var ortMs = new List<double>(reps);
            var ratios = new List<double>(reps);
            for (int r = 0; r < reps; r++)
            {
                double t, o;
                if (r % 2 == 0)
                {
                    t = TorchForward(false);
                    o = OrtForward(false);
                }
                else
                {
                    o = OrtForward(false);
                    t = TorchForward(false);
                }

                torchMs.Add(t);
                ortMs.Add(o);
                ratios.Add(t / o);
            }

            results.Add(new EngineTiming
            {
                Model = name,
                InputSize = spec.Input.Size,
                Flops = flops,
                Batch = batch,
                Reps = reps,
                TorchMedianMs = Statistics.Median(torchMs),
                TorchP10Ms = Statistics.Percentile(torchMs, 10),
                TorchP90Ms = Statistics.Percentile(torchMs, 90),
                OrtMedianMs = Statistics.Median(ortMs),
                OrtP10Ms = Statistics.Percentile(ortMs, 10),
                OrtP90Ms = Statistics.Percentile(ortMs, 90),
                Speedup = Statistics.Median(ratios),
                MaxAbsDiff = torchLogits.Zip(ortLogits, (a, b) => (double)Math.Abs(a - b)).Max(),
                LogitScale = torchLogits.Max(v => (double)Math.Abs(v)),
            });
        }

        return results;
    }
}
