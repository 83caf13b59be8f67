using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using NetSpace.Bench;
using NetSpace.Torch.Bench;
using NetSpace.Cli.Output;
using NetSpace.Specs;
using NetSpace.Zoo;
using Spectre.Console;

namespace NetSpace.Cli.Commands;

/// <summary>
/// <c>netspace bench infer</c>: inference time of zoo models or spec files (median, p10, p90 per batch,
/// images/s), the before/after ratio of each inference optimisation, and how well flops and acts predict time.
/// </summary>
internal static class BenchInferCommand
{
    /// <summary>Shown when <c>--device cuda</c> is asked of a CPU-only build.</summary>
    public const string NoCudaMessage = "CUDA is not available in this build (TorchSharp-cpu)";

    /// <summary>The <c>infer</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var models = new Option<string>("--models")
        {
            Description = "Comma-separated zoo names, shell wildcards on zoo names (e.g. 'regnetx-*', as in 'netspace models list') or spec JSON files",
            HelpName = "PATTERN[,PATTERN…]",
            Required = true,
        };
        var batch = BatchListOption();
        var threads = OptionFactory.OptionalInt("--threads", "T", "libtorch intra-op threads of the main numbers (default: libtorch's choice, one per core)", min: 1);
        var reps = OptionFactory.OptionalInt("--reps", "R", "Timed repetitions per model and batch (default 10, fewer for batches slower than 2 s; setting it disables that)", min: 1);
        var warmup = OptionFactory.OptionalInt("--warmup", "W", "Untimed forwards before timing (default 2)", min: 0);
        var device = new Option<string>("--device") { Description = "cpu, or cuda (not in this CPU-only build)", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var noFold = new Option<bool>("--no-fold") { Description = "Time the main numbers without folding BatchNorm into the convs" };
        var gradMode = new Option<string>("--grad-mode") { Description = "Autograd setting of the main numbers: inference-mode, no-grad or autograd", DefaultValueFactory = _ => "inference-mode" };
        gradMode.AcceptOnlyFromAmong("inference-mode", "no-grad", "autograd");
        var layout = new Option<string?>("--layout") { Description = "Memory layout of the main numbers: nhwc (channels-last, default) or nchw", HelpName = "nhwc|nchw" };
        layout.AcceptOnlyFromAmong("nhwc", "nchw");
        var noOptimisations = new Option<bool>("--no-optimisations") { Description = "Skip the before/after ratios of each optimisation" };
        var optBatch = OptionFactory.OptionalInt("--opt-batch", "B", "Batch size of the optimisation ratios (default: the smallest --batch)", min: 1);
        var seed = OptionFactory.OptionalInt("--seed", "S", "Seed of weights and inputs (default 0)", min: 0);
        var output = new Option<string?>("--out") { Description = "Write infer.csv and infer.json into DIR (atomically)", HelpName = "DIR" };
        var json = OptionFactory.Json("every number (timings, optimisation ratios, correlations, fits; as in infer.json)");
        var retarget = new RetargetOptions();
        var engine = BenchEnginesCommand.EngineOption();
        var command = new Command("infer", "Inference time per batch (median, p10, p90, images/s) of eval-mode models, the speed-up of each inference optimisation, and how well flops and acts predict time")
        {
            models, batch, threads, reps, warmup, device, noFold, gradMode, layout, noOptimisations, optBatch, seed, output, json, engine,
        };
        retarget.AddTo(command);
        command.SetAction(parse =>
        {
            if (parse.GetValue(device) == "cuda" && !TorchSharp.torch.cuda.is_available())
            {
                throw new CliUsageException(NoCudaMessage);
            }

            var specs = ResolveModels(parse.GetValue(models)!).Select(s => retarget.Apply(parse, s)).ToArray();
            bool asJson = parse.GetValue(json);
            int? fixedReps = parse.GetValue(reps);
            if (BenchEnginesCommand.Requested(parse.GetValue(engine)))
            {
                return BenchEnginesCommand.Run(context, specs, new Torch.Interop.EngineBenchmarkOptions
                {
                    Batches = parse.GetValue(batch) ?? [1, 64], Reps = fixedReps ?? 10, AdaptReps = fixedReps is null, Warmup = parse.GetValue(warmup) ?? 2,
                    Threads = parse.GetValue(threads) ?? 0, Seed = parse.GetValue(seed) ?? 0,
                    Progress = ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected ? line => context.Error.WriteLine($"bench infer: {line}") : null,
                }, asJson);
            }

            var options = new InferenceBenchmarkOptions
            {
                Batches = parse.GetValue(batch) ?? [1, 64],
                Reps = fixedReps ?? 10,
                AdaptReps = fixedReps is null,
                Warmup = parse.GetValue(warmup) ?? 2,
                Device = parse.GetValue(device)!,
                Seed = parse.GetValue(seed) ?? 0,
                MeasureOptimisations = !parse.GetValue(noOptimisations),
                OptimisationBatch = parse.GetValue(optBatch),
                Config = new InferenceConfig
                {
                    FoldBatchNorm = !parse.GetValue(noFold),
                    GradMode = parse.GetValue(gradMode) switch
                    {
                        "autograd" => GradMode.Autograd,
                        "no-grad" => GradMode.NoGrad,
                        _ => GradMode.InferenceMode,
                    },
                    Threads = parse.GetValue(threads) ?? 0,
                    Layout = parse.GetValue(layout) is { } l ? LayoutOption.ParseOne(l) : Training.MemoryLayout.Nhwc,
                },
                // Progress only on a terminal's stderr: redirected or captured output stays the result alone.
                Progress = ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected
                    ? line => context.Error.WriteLine($"bench infer: {line}")
                    : null,
            };

            var report = InferenceBenchmark.Run(specs, options);
            IReadOnlyList<string> files = [];
            if (parse.GetValue(output) is { } dir)
            {
                files = InferenceReportFiles.Write(report, dir, new Reports.InferencePlots());
            }

            if (asJson)
            {
                JsonReport.Write(context.Out, InferenceReportFiles.ToJson(report));
                return CliApp.Success;
            }

            PrintTables(context, report);
            foreach (var file in files)
            {
                context.Out.WriteLine($"wrote {file}");
            }

            return CliApp.Success;
        });
        return command;
    }

    /// <summary>
    /// Zoo names, zoo wildcards and spec files, comma-separated, in order and without repeats. Throws
    /// <see cref="CliUsageException"/> for a pattern that matches nothing and <see cref="UnknownModelException"/>
    /// (with suggestions) for an unknown name.
    /// </summary>
    internal static IReadOnlyList<NetworkSpec> ResolveModels(string patterns)
    {
        var tokens = patterns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (tokens.Length == 0)
        {
            throw new CliUsageException("--models: no model given");
        }

        var specs = new List<NetworkSpec>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string token in tokens)
        {
            IEnumerable<NetworkSpec> found;
            if (!File.Exists(token) && (token.Contains('*', StringComparison.Ordinal) || token.Contains('?', StringComparison.Ordinal)))
            {
                var entries = ModelZoo.List(token);
                if (entries.Count == 0)
                {
                    throw new CliUsageException($"--models: no zoo model matches '{token}' (see 'netspace models list')");
                }

                found = entries.Select(e => e.Build());
            }
            else
            {
                var loaded = SpecSource.Load(token);
                found = [loaded.Spec.Name is null ? loaded.Spec with { Name = Path.GetFileNameWithoutExtension(token) } : loaded.Spec];
            }

            foreach (var spec in found)
            {
                if (seen.Add(spec.Name!))
                {
                    specs.Add(spec);
                }
            }
        }

        return specs;
    }

    private static Option<int[]?> BatchListOption() => new("--batch")
    {
        Description = "Comma-separated batch sizes (default 1,64)",
        HelpName = "B[,B…]",
        CustomParser = ParseBatchList,
    };

    private static int[]? ParseBatchList(ArgumentResult result)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        var parts = token.Split(',', StringSplitOptions.TrimEntries);
        var values = new List<int>();
        foreach (string part in parts)
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            {
                result.AddError($"--batch: '{part}' in '{token}' is not a whole number (expected e.g. 1,64)");
                return null;
            }

            if (value < 1)
            {
                result.AddError($"--batch: {value} must be ≥ 1");
                return null;
            }

            values.Add(value);
        }

        return values.Distinct().Order().ToArray();
    }

    private static void PrintTables(CliContext context, InferenceReport report)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var (title, right) in new[]
        {
            ("model", false), ("size", true), ("flops", true), ("params", true), ("acts", true), ("batch", true),
            ("reps", true), ("median ms", true), ("p10–p90 ms", true), ("images/s", true),
        })
        {
            var column = new TableColumn($"[bold]{Markup.Escape(title)}[/]");
            table.AddColumn(right ? column.RightAligned() : column);
        }

        foreach (var m in report.Models)
        {
            bool first = true;
            foreach (var t in m.Timings)
            {
                table.AddRow(
                    first ? Markup.Escape(m.Model) : string.Empty,
                    first ? m.InputSize.ToString(CultureInfo.InvariantCulture) : string.Empty,
                    first ? Units.Flops(m.Flops) : string.Empty,
                    first ? Units.Count(m.Params) : string.Empty,
                    first ? Units.Count(m.Acts) : string.Empty,
                    t.Batch.ToString(CultureInfo.InvariantCulture),
                    t.Reps.ToString(CultureInfo.InvariantCulture),
                    Ms(t.MedianMs),
                    $"{Ms(t.P10Ms)}–{Ms(t.P90Ms)}",
                    Rate(t.ImagesPerSecond));
                first = false;
            }
        }

        context.Console.Write(table);
        context.Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{report.Device}, {report.Config}; eval mode, {report.Warmup} warm-up forwards then the reps; ms per batch (median, p10–p90){(report.AdaptiveReps ? "; reps lowered for slow batches" : string.Empty)}"));

        var withRatios = report.Models.Where(m => m.Optimisations.Count > 0).ToArray();
        if (withRatios.Length > 0)
        {
            var names = withRatios.SelectMany(m => m.Optimisations.Select(o => o.Name)).Distinct().ToArray();
            var ratios = new Table().Border(TableBorder.Rounded);
            ratios.AddColumn(new TableColumn("[bold]model[/]"));
            ratios.AddColumn(new TableColumn("[bold]batch[/]").RightAligned());
            foreach (string name in names)
            {
                ratios.AddColumn(new TableColumn($"[bold]{Markup.Escape(name)}[/]").RightAligned());
            }

            ratios.AddColumn(new TableColumn("[bold]max |Δ logits|[/]").RightAligned());
            ratios.AddColumn(new TableColumn("[bold]float32 noise[/]").RightAligned());
            foreach (var m in withRatios)
            {
                var cells = new List<string> { Markup.Escape(m.Model), m.Optimisations[0].Batch.ToString(CultureInfo.InvariantCulture) };
                cells.AddRange(names.Select(n => m.Optimisations.FirstOrDefault(o => o.Name == n) is { } o
                    ? string.Create(CultureInfo.InvariantCulture, $"{o.Speedup:0.00}×")
                    : "-"));
                double diff = m.Optimisations.Max(o => o.MaxAbsDiff);
                string flag = m.Optimisations.All(o => o.WithinTolerance) ? string.Empty
                    : m.Float32Error is { } f32 && diff <= 3 * f32 ? " (over 1e-4, as float32 noise)"
                    : " [red](over 1e-4)[/]";
                cells.Add(string.Create(CultureInfo.InvariantCulture, $"{diff:0.0e+0}{flag}"));
                cells.Add(m.Float32Error is { } noise ? string.Create(CultureInfo.InvariantCulture, $"{noise:0.0e+0}") : "-");
                ratios.AddRow(cells.ToArray());
            }

            context.Console.Write(ratios);
            var sample = withRatios[0].Optimisations;
            context.Console.WriteLine("speed-up = before / after (median ms per batch, reps interleaved, same input):");
            foreach (var o in sample)
            {
                context.Console.WriteLine($"  {o.Name}: {o.Baseline} → {o.Optimised}");
            }

            context.Console.WriteLine("max |Δ logits|: largest over the pairs; float32 noise: max |unfolded float32 − float64 logits| on the same input");
        }

        foreach (var a in report.Analysis)
        {
            var c = a.Comparison;
            string line = string.Create(CultureInfo.InvariantCulture, $"batch {a.Batch}, {c.Count} model{(c.Count == 1 ? string.Empty : "s")}: r(time, flops) = {R(c.PearsonFlops)}, r(time, acts) = {R(c.PearsonActs)}{(c.BetterCorrelated is { } better ? $" ({better} higher)" : string.Empty)}");
            if (c.Best is { } best)
            {
                line += string.Create(
                    CultureInfo.InvariantCulture,
                    $"; best fit {best.Formula} (R² {best.RSquared:0.000}{(best.LooRmse is { } loo ? $", leave-one-out RMSE {Ms(loo)} ms" : string.Empty)})");
            }

            if (c.Note is { } note)
            {
                line += $" ({note})";
            }

            context.Console.WriteLine(line);
        }
    }

    private static string R(double? r) => r is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : ms < 100 ? "0.0" : "0", CultureInfo.InvariantCulture);

    private static string Rate(double perSecond) => perSecond.ToString(perSecond < 100 ? "0.0" : "0", CultureInfo.InvariantCulture);
}
