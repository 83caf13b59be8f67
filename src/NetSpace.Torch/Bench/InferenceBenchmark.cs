using NetSpace.Bench;
using NetSpace.Torch.Bench;
using NetSpace.Analysis;
using System.Diagnostics;
using System.Globalization;
using NetSpace.Complexity;
using NetSpace.Torch.Modules;
using NetSpace.Specs;
using NetSpace.Training;
using NetSpace.Torch.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetSpace.Torch.Bench;

/// <summary>
/// Inference latency and throughput of specs (eval mode, warm-up, timed repetitions; median, p10, p90),
/// the before/after ratio of each inference optimisation (no_grad, inference_mode, BN folding, threads),
/// and, across models, how well flops and acts predict the time (<see cref="TimeModelFit"/>).
/// </summary>
public static class InferenceBenchmark
{
    /// <summary>Images per BN calibration batch (train-mode forwards that set realistic running statistics).</summary>
    public const int CalibrationBatch = 8;

    /// <summary>Measures every spec with <paramref name="options"/> and analyses the times across them.</summary>
    public static InferenceReport Run(IReadOnlyList<NetworkSpec> specs, InferenceBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        NativeMemoryTuning.Apply();
        int originalThreads = torch.get_num_threads();
        int threads = options.Config.Threads > 0 ? options.Config.Threads : originalThreads;
        try
        {
            var models = specs.Select(s => Measure(s, options, threads)).ToArray();
            return new InferenceReport
            {
                Device = options.Device,
                ProcessorCount = Environment.ProcessorCount,
                Libtorch = torch.__version__,
                Config = options.Config.Describe(threads),
                FoldBatchNorm = options.Config.FoldBatchNorm,
                GradMode = options.Config.GradMode,
                Threads = threads,
                Warmup = options.Warmup,
                Reps = options.Reps,
                AdaptiveReps = options.AdaptReps,
                Seed = options.Seed,
                Models = models,
                Analysis = Analyse(models),
            };
        }
        finally
        {
            torch.set_num_threads(originalThreads);
        }
    }

    /// <summary>For each batch size, correlations and fits of median ms per batch against flops and acts per image.</summary>
    public static IReadOnlyList<InferenceAnalysis> Analyse(IReadOnlyList<InferenceModelResult> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        return models.SelectMany(m => m.Timings.Select(t => t.Batch)).Distinct().Order().Select(batch =>
        {
            var rows = models.Select(m => (Model: m, Timing: m.Timings.FirstOrDefault(t => t.Batch == batch)))
                .Where(r => r.Timing is not null)
                .ToArray();
            return new InferenceAnalysis
            {
                Batch = batch,
                Comparison = TimeModelFit.Compare(
                    rows.Select(r => (double)r.Model.Flops).ToArray(),
                    rows.Select(r => (double)r.Model.Acts).ToArray(),
                    rows.Select(r => r.Timing!.MedianMs).ToArray()),
            };
        }).ToArray();
    }

    /// <summary>
    /// Sets every BN's running statistics to their mean over <paramref name="passes"/> train-mode forwards of
    /// seeded random images (cumulative average), then returns the model to eval mode. A freshly built network
    /// has mean 0 and variance 1 everywhere, which makes BN folding trivially exact; calibrated statistics look
    /// like a trained network's.
    /// </summary>
    public static void CalibrateBatchNorm(NetworkModule model, long seed, int passes = 2, int batch = CalibrationBatch)
    {
        ArgumentNullException.ThrowIfNull(model);
        var device = model.parameters().First().device;
        var norms = model.modules().OfType<BatchNorm2d>().ToArray();
        var momenta = norms.Select(n => n.momentum).ToArray();
        foreach (var n in norms)
        {
            n.num_batches_tracked ??= torch.tensor(0L, device: device); // the cumulative average counts batches (Layers.Norm leaves the counter out)
            n.reset_running_stats();
            n.momentum = null;
        }

        try
        {
            model.train();
            using var noGrad = torch.no_grad();
            for (int i = 0; i < passes; i++)
            {
                using var scope = torch.NewDisposeScope();
                var x = RandomImages(model.Spec, batch, seed + 1000 + i, device);
                model.call(x);
            }
        }
        finally
        {
            for (int i = 0; i < norms.Length; i++)
            {
                norms[i].momentum = momenta[i];
                norms[i].num_batches_tracked = null;
            }

            model.eval();
        }
    }

    /// <summary>A seeded batch of N(0, 1) images of the spec's input shape.</summary>
    public static Tensor RandomImages(NetworkSpec spec, int batch, long seed, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var generator = new Generator((ulong)seed);
        try
        {
            var x = torch.randn([batch, spec.Input.Channels, spec.Input.Size, spec.Input.Size], generator: generator);
            return device is null || device.type == DeviceType.CPU ? x : x.to(device);
        }
        finally
        {
            generator.Dispose();
        }
    }

    private static InferenceModelResult Measure(NetworkSpec spec, InferenceBenchmarkOptions options, int threads)
    {
        SpecValidator.Validate(spec);
        string name = spec.Name ?? "spec";
        var complexity = NetworkComplexity.Measure(spec);
        var device = torch.device(options.Device);
        var config = options.Config;
        var batches = options.Batches.Distinct().Order().ToArray();

        options.Progress?.Invoke($"{name}: building and calibrating BN");
        using var model = NetworkBuilder.Build(spec, options.Seed);
        if (device.type != DeviceType.CPU)
        {
            model.to(device);
        }

        torch.set_num_threads(threads);
        CalibrateBatchNorm(model, options.Seed);
        int foldedCount = BatchNormFolding.CountBatchNorms(model);
        using var folded = config.FoldBatchNorm || options.MeasureOptimisations ? BatchNormFolding.FoldedCopy(model) : null;
        var main = config.FoldBatchNorm ? folded! : model;
        ChannelsLast.Apply(config.Layout, main);

        var timings = new List<InferenceTiming>();
        foreach (int batch in batches)
        {
            options.Progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{name}: batch {batch}"));
            using var scope = torch.NewDisposeScope();
            var x = ChannelsLast.To(RandomImages(spec, batch, options.Seed + batch, device), config.Layout);
            var variant = new Variant("main", main, config.GradMode, threads);
            var times = TimeInterleaved([variant], x, options, device, out _)[0];
            timings.Add(new InferenceTiming
            {
                Batch = batch,
                Reps = times.Count,
                MedianMs = Statistics.Median(times),
                P10Ms = Statistics.Percentile(times, 10),
                P90Ms = Statistics.Percentile(times, 90),
            });
        }

        var ratios = new List<OptimisationRatio>();
        double? float32Error = null;
        if (options.MeasureOptimisations)
        {
            int batch = options.OptimisationBatch ?? batches[0];
            options.Progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{name}: optimisation ratios at batch {batch}"));
            ratios.AddRange(MeasureOptimisations(spec, model, folded!, batch, threads, options, device, out double error));
            float32Error = error;
        }

        return new InferenceModelResult
        {
            Model = name,
            InputSize = spec.Input.Size,
            InputChannels = spec.Input.Channels,
            Flops = complexity.Flops,
            Params = complexity.Params,
            Acts = complexity.Acts,
            FoldedBatchNorms = config.FoldBatchNorm ? foldedCount : 0,
            Timings = timings,
            Optimisations = ratios,
            Float32Error = float32Error,
        };
    }

    private static List<OptimisationRatio> MeasureOptimisations(
        NetworkSpec spec, NetworkModule model, NetworkModule folded, int batch, int threads, InferenceBenchmarkOptions options, Device device, out double float32Error)
    {
        using var scope = torch.NewDisposeScope();
        var x = RandomImages(spec, batch, options.Seed + batch, device);
        var autograd = new Variant("eval, autograd on", model, GradMode.Autograd, threads);
        var noGrad = new Variant("no_grad", model, GradMode.NoGrad, threads);
        var inference = new Variant("inference_mode", model, GradMode.InferenceMode, threads);
        var fold = new Variant("inference_mode, BN folded", folded, GradMode.InferenceMode, threads);
        var variants = new List<Variant> { autograd, noGrad, inference, fold };
        if (threads > 1)
        {
            variants.Add(new Variant("inference_mode, BN folded, 1 thread", folded, GradMode.InferenceMode, 1));
        }

        var times = TimeInterleaved(variants, x, options, device, out var outputs);
        float32Error = Float32Error(model, x, outputs[0]);
        var medians = times.Select(t => Statistics.Median(t)).ToArray();
        OptimisationRatio Ratio(string name, int before, int after, string? baseline = null, string? optimised = null)
        {
            double diff;
            using (torch.no_grad())
            {
                diff = (outputs[before] - outputs[after]).abs().max().item<float>();
            }

            return new OptimisationRatio
            {
                Name = name,
                Baseline = baseline ?? variants[before].Label,
                Optimised = optimised ?? variants[after].Label,
                Batch = batch,
                Reps = times[after].Count,
                BaselineMs = medians[before],
                OptimisedMs = medians[after],
                MaxAbsDiff = diff,
                WithinTolerance = diff <= options.Tolerance,
            };
        }

        string all = string.Create(CultureInfo.InvariantCulture, $"{threads} thread{(threads == 1 ? string.Empty : "s")}");
        var ratios = new List<OptimisationRatio>
        {
            Ratio("no_grad", 0, 1),
            Ratio("inference_mode", 1, 2),
            Ratio("fold_bn", 2, 3, baseline: "inference_mode, BN unfolded"),
        };
        if (threads > 1)
        {
            ratios.Add(Ratio("threads", 4, 3, baseline: "1 thread", optimised: all));
        }

        ratios.Add(Ratio("combined", 0, 3, baseline: "eval, autograd on, BN unfolded, " + all, optimised: "inference_mode, BN folded, " + all));
        return ratios;
    }

    /// <summary>Max |<paramref name="logits"/> − logits of a float64 copy of <paramref name="model"/>| on <paramref name="x"/>.</summary>
    private static double Float32Error(NetworkModule model, Tensor x, Tensor logits)
    {
        using var copy = new NetworkModule(model.Spec);
        copy.to(x.device);
        copy.load_state_dict(model.state_dict());
        copy.to(float64);
        copy.eval();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var reference = copy.call(x.to(float64));
        return (logits.to(float64) - reference).abs().max().item<double>();
    }

    /// <summary>
    /// Warm-up then timed forwards of each variant on <paramref name="x"/>, round-robin so that drift in the
    /// machine's load affects every variant alike. Returns milliseconds per forward and each variant's output
    /// (of its first warm-up forward, detached, in the current dispose scope).
    /// </summary>
    private static List<List<double>> TimeInterleaved(IReadOnlyList<Variant> variants, Tensor x, InferenceBenchmarkOptions options, Device device, out Tensor[] outputs)
    {
        outputs = new Tensor[variants.Count];
        double lastRound = 0;
        for (int w = 0; w < Math.Max(1, options.Warmup); w++)
        {
            lastRound = 0;
            for (int v = 0; v < variants.Count; v++)
            {
                lastRound += Forward(variants[v], x, device, w == 0 ? o => o.clone() : null, out var kept);
                if (kept is not null)
                {
                    outputs[v] = kept;
                }
            }
        }

        int reps = options.Reps;
        if (options.AdaptReps && lastRound > 0)
        {
            int affordable = (int)Math.Floor(options.TimeBudgetSeconds * 1000 / lastRound);
            reps = Math.Clamp(affordable, Math.Min(options.MinReps, options.Reps), options.Reps);
        }

        var times = variants.Select(_ => new List<double>(reps)).ToList();
        for (int r = 0; r < reps; r++)
        {
            for (int v = 0; v < variants.Count; v++)
            {
                times[v].Add(Forward(variants[v], x, device, null, out _));
            }
        }

        return times;
    }

    private static double Forward(Variant variant, Tensor x, Device device, Func<Tensor, Tensor>? keep, out Tensor? kept)
    {
        if (torch.get_num_threads() != variant.Threads)
        {
            torch.set_num_threads(variant.Threads);
        }

        kept = null;
        using var scope = torch.NewDisposeScope();
        using var mode = Enter(variant.GradMode);
        long t0 = Stopwatch.GetTimestamp();
        var y = variant.Model.call(x);
        if (device.type == DeviceType.CUDA)
        {
            torch.cuda.synchronize(device);
        }

        double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        if (keep is not null)
        {
            kept = keep(y.detach()).MoveToOuterDisposeScope();
        }

        return ms;
    }

    private static IDisposable Enter(GradMode mode) => mode switch
    {
        GradMode.NoGrad => torch.no_grad(),
        GradMode.InferenceMode => torch.inference_mode(),
        _ => torch.enable_grad(),
    };

    private static void Validate(InferenceBenchmarkOptions options)
    {
        if (options.Batches.Count == 0 || options.Batches.Any(b => b < 1))
        {
            throw new ArgumentException("batch sizes must be ≥ 1 and at least one is needed");
        }

        if (options.Reps < 1 || options.Warmup < 0 || options.MinReps < 1)
        {
            throw new ArgumentException("reps must be ≥ 1 and warm-up ≥ 0");
        }

        if (options.OptimisationBatch is < 1)
        {
            throw new ArgumentException("the optimisation batch must be ≥ 1");
        }

        if (options.Device is not ("cpu" or "cuda"))
        {
            throw new ArgumentException($"unknown device '{options.Device}': expected cpu or cuda");
        }

        if (options.Device == "cuda" && !torch.cuda.is_available())
        {
            throw new NotSupportedException("CUDA is not available in this build (TorchSharp-cpu)");
        }
    }

    private sealed record Variant(string Label, NetworkModule Model, GradMode GradMode, int Threads);
}
