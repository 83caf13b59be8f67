using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Interop.Onnx;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace export onnx</c>: write a run, zoo model or spec as an ONNX model, checked by loading it in ONNX Runtime.</summary>
internal static class ExportOnnxCommand
{
    /// <summary>The <c>onnx</c> verb of <c>export</c>.</summary>
    public static Command Create(CliContext context)
    {
        var run = new Option<string?>("--run") { Description = "Run folder written by 'netspace train --out DIR' (weights, normalisation and class names)", HelpName = "DIR" };
        var model = new Option<string?>("--model") { Description = "Zoo model (seeded initial weights)", HelpName = "NAME" };
        var spec = new Option<string?>("--spec") { Description = "Spec JSON file", HelpName = "FILE" };
        var weights = new Option<string?>("--weights") { Description = "TorchSharp state dict for --spec or --model (default: seeded initial weights)", HelpName = "FILE" };
        var output = new Option<string?>("--out") { Description = "The .onnx file to write (atomically)", HelpName = "FILE", Required = true };
        var size = OptionFactory.OptionalInt("--size", "N", "Input side in pixels (default: the spec's)", min: 1);
        var opset = OptionFactory.OptionalInt("--opset", "V", $"ONNX opset, {OnnxExportOptions.MinOpset}–{OnnxExportOptions.MaxOpset} (default {OnnxExportOptions.DefaultOpset})");
        var noFold = new Option<bool>("--no-fold-bn") { Description = "Write BatchNormalization nodes instead of folding BN into the convs" };
        var preprocessing = new Option<bool>("--with-preprocessing") { Description = "Input uint8 NHWC pixels, normalised inside the graph (default: the normalised float32 NCHW tensor)" };
        var json = OptionFactory.Json("{file, bytes, input, outputs, opset, ...}");
        var command = new Command("onnx", "Write a network as an ONNX model (BN folded, dynamic batch, spec and normalisation in the metadata)")
        {
            run, model, spec, weights, output, size, opset, noFold, preprocessing, json,
        };
        command.SetAction(parse =>
        {
            string outFile = parse.GetValue(output)!;
            using var source = Load(parse.GetValue(run), parse.GetValue(model), parse.GetValue(spec), parse.GetValue(weights), parse.GetValue(size));
            var options = new OnnxExportOptions
            {
                Opset = parse.GetValue(opset) ?? OnnxExportOptions.DefaultOpset,
                FoldBatchNorm = !parse.GetValue(noFold),
                WithPreprocessing = parse.GetValue(preprocessing),
            };
            var bytes = source.Export(options);

            // ONNX Runtime must load the graph before the file is written: a model that does not load is never left behind.
            using var engine = new OnnxRuntimeEngine(bytes, threads: 1);
            string full = Path.GetFullPath(outFile);
            if (Path.GetDirectoryName(full) is { Length: > 0 } dir)
            {
                Directory.CreateDirectory(dir);
            }

            OnnxExporter.Write(bytes, full);
            string input = $"{engine.InputName} {(engine.InputIsPixels ? "uint8 NHWC pixels" : "float32 NCHW normalised")} [{string.Join(", ", engine.InputShape.Select(d => d < 0 ? "batch" : d.ToString(CultureInfo.InvariantCulture)))}]";
            if (parse.GetValue(json))
            {
                JsonReport.Write(context.Out, new JsonObject
                {
                    ["file"] = full,
                    ["bytes"] = bytes.LongLength,
                    ["source"] = source.Source,
                    ["input"] = input,
                    ["outputs"] = new JsonArray(engine.OutputNames.Select(n => (JsonNode)n).ToArray()),
                    ["opset"] = options.Opset,
                    ["batchnorm"] = options.FoldBatchNorm ? "folded" : "unfolded",
                    ["random_weights"] = source.RandomWeights,
                    ["normalization_known"] = source.Mean is not null,
                });
                return CliApp.Success;
            }

            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {full} ({(bytes.LongLength >= 1_000_000 ? $"{bytes.LongLength / 1e6:0.0} MB" : $"{bytes.LongLength / 1e3:0.0} kB")}, opset {options.Opset}, BN {(options.FoldBatchNorm ? "folded" : "unfolded")}), loaded by ONNX Runtime"));
            context.Out.WriteLine($"input  {input}");
            context.Out.WriteLine($"output {string.Join(", ", engine.OutputNames)}");
            if (source.RandomWeights)
            {
                context.Out.WriteLine("note: no weights given, so these are NetSpace's seeded initial weights (seed 0)");
            }

            if (source.Classifier is not null && source.Spec.DenseHeads is not null)
            {
                context.Out.WriteLine("note: the spec's dense heads are not part of this classifier; a multi-task run trained from it exports them (--run)");
            }

            if (source.Mean is null)
            {
                context.Out.WriteLine(options.WithPreprocessing
                    ? "note: no training statistics known, so the graph only scales pixels to [0, 1]"
                    : "note: no training statistics known; the metadata has no normalisation");
            }

            return CliApp.Success;
        });
        return command;
    }

    /// <summary>Exactly one of --run, --model, --spec; --weights only with --model or --spec.</summary>
    internal static OnnxNetworkSource Load(string? run, string? model, string? spec, string? weights, int? size)
    {
        int given = (run is null ? 0 : 1) + (model is null ? 0 : 1) + (spec is null ? 0 : 1);
        if (given != 1)
        {
            throw new CliUsageException("give exactly one of --run DIR, --model NAME or --spec FILE");
        }

        if (run is not null)
        {
            if (weights is not null)
            {
                throw new CliUsageException("--weights goes with --model or --spec; a run folder has its own weights");
            }

            return OnnxNetworkSource.FromRun(run, size);
        }

        return OnnxNetworkSource.FromSpec((model ?? spec)!, weights, size);
    }
}
