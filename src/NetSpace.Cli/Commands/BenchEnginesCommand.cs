using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Torch.Interop;
using NetSpace.Interop.Onnx;
using NetSpace.Specs;
using Spectre.Console;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace bench infer --engine torch,onnxruntime</c>: both engines on the same models, batches and threads, alternating rounds.</summary>
internal static class BenchEnginesCommand
{
    /// <summary>The <c>--engine</c> option of <c>bench infer</c>.</summary>
    public static Option<string?> EngineOption() => new("--engine")
    {
        Description = "torch (default), or torch,onnxruntime: TorchSharp and ONNX Runtime side by side (same weights, batches and threads, alternating rounds)",
        HelpName = "ENGINE[,ENGINE]",
    };

    /// <summary>Whether <paramref name="value"/> asks for the engine comparison; throws for unknown engines.</summary>
    public static bool Requested(string? value)
    {
        if (value is null)
        {
            return false;
        }

        var engines = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (string e in engines)
        {
            if (e is not ("torch" or "onnxruntime"))
            {
                throw new CliUsageException($"--engine: unknown engine '{e}' (expected torch, onnxruntime or torch,onnxruntime)");
            }
        }

        if (engines.Contains("onnxruntime") && !engines.Contains("torch"))
        {
            throw new CliUsageException("--engine onnxruntime is measured next to torch: give --engine torch,onnxruntime");
        }

        return engines.Contains("onnxruntime");
    }

    /// <summary>Runs the comparison and prints it (table, or JSON).</summary>
    public static int Run(CliContext context, IReadOnlyList<NetworkSpec> specs, EngineBenchmarkOptions options, bool asJson)
    {
        int threads = EngineBenchmark.Threads(options);
        var timings = EngineBenchmark.Run(specs, options);
        if (asJson)
        {
            JsonReport.Write(context.Out, new JsonObject
            {
                ["threads"] = threads,
                ["processor_count"] = Environment.ProcessorCount,
                ["torch"] = "TorchSharp, BN folded, inference_mode",
                ["onnxruntime"] = "ONNX Runtime CPU, exported graph (BN folded), all graph optimisations",
                ["timings"] = new JsonArray(timings.Select(t => (JsonNode)new JsonObject
                {
                    ["model"] = t.Model,
                    ["size"] = t.InputSize,
                    ["flops"] = t.Flops,
                    ["batch"] = t.Batch,
                    ["reps"] = t.Reps,
                    ["torch_median_ms"] = t.TorchMedianMs,
                    ["torch_p10_ms"] = t.TorchP10Ms,
                    ["torch_p90_ms"] = t.TorchP90Ms,
                    ["onnxruntime_median_ms"] = t.OrtMedianMs,
                    ["onnxruntime_p10_ms"] = t.OrtP10Ms,
                    ["onnxruntime_p90_ms"] = t.OrtP90Ms,
                    ["speedup"] = t.Speedup,
                    ["max_abs_diff"] = t.MaxAbsDiff,
                    ["logit_scale"] = t.LogitScale,
                }).ToArray()),
            });
            return CliApp.Success;
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var (title, right) in new[]
        {
            ("model", false), ("size", true), ("flops", true), ("batch", true), ("reps", true), ("torch ms", true), ("onnxruntime ms", true),
            ("torch / onnxruntime", true), ("max |Δ logits|", true),
        })
        {
            var column = new TableColumn($"[bold]{Markup.Escape(title)}[/]");
            table.AddColumn(right ? column.RightAligned() : column);
        }

        string? last = null;
        foreach (var t in timings)
        {
            bool first = t.Model != last;
            last = t.Model;
            table.AddRow(
                first ? Markup.Escape(t.Model) : string.Empty,
                first ? t.InputSize.ToString(CultureInfo.InvariantCulture) : string.Empty,
                first ? Units.Flops(t.Flops) : string.Empty,
                t.Batch.ToString(CultureInfo.InvariantCulture),
                t.Reps.ToString(CultureInfo.InvariantCulture),
                Ms(t.TorchMedianMs),
                Ms(t.OrtMedianMs),
                string.Create(CultureInfo.InvariantCulture, $"{t.Speedup:0.00}×"),
                string.Create(CultureInfo.InvariantCulture, $"{t.MaxAbsDiff:0.0e+0} (of {t.LogitScale:0.0})"));
        }

        context.Console.Write(table);
        context.Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{threads} thread{(threads == 1 ? string.Empty : "s")} each; torch = TorchSharp BN folded + inference_mode; onnxruntime = the exported graph on ONNX Runtime's CPU provider; median ms per batch; ratio = median of per-round torch/onnxruntime (rounds alternate which engine goes first)"));
        return CliApp.Success;
    }

    private static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : ms < 100 ? "0.0" : "0", CultureInfo.InvariantCulture);
}
