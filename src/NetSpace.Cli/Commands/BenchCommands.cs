using System.CommandLine;
using System.Globalization;
using NetSpace.Bench;
using NetSpace.Torch.Bench;
using NetSpace.Cli.Output;
using NetSpace.Data;
using NetSpace.Torch.Data;
using NetSpace.Serialization;
using NetSpace.Training;

namespace NetSpace.Cli.Commands;

/// <summary>
/// <c>netspace bench train</c>: training throughput against the machine's dense-conv limit;
/// <c>netspace bench infer</c>: inference time (<see cref="BenchInferCommand"/>).
/// </summary>
internal static class BenchCommands
{
    /// <summary>The <c>bench</c> command group.</summary>
    public static Command Create(CliContext context) => new("bench", "Benchmarks on this machine")
    {
        Train(context),
        BenchInferCommand.Create(context),
        BenchSearchCommand.Create(context),
        BenchClaimsCommand.Create(context),
        BenchKernelsCommand.Create(context),
    };

    private static Command Train(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Zoo model name or spec JSON file", HelpName = "NAME|FILE", Required = true };
        var batch = OptionFactory.OptionalInt("--batch", "B", "Batch size (default 128)", min: 1);
        var threads = OptionFactory.OptionalInt("--threads", "T", "libtorch intra-op threads (default: libtorch's choice)", min: 1);
        var steps = OptionFactory.OptionalInt("--steps", "N", "Timed steps (default 20, after 3 warm-up steps)", min: 1);
        var data = new Option<string?>("--data") { Description = "Take batches from this data (e.g. fashion-mnist); default: random images of the model's input shape", HelpName = "SOURCE" };
        var retarget = new RetargetOptions();
        var layout = LayoutOption.Create("Memory layouts to measure, steps alternating (default nhwc,nchw: channels-last, then contiguous)");
        var precision = PrecisionOption.Create("Number formats to measure, each with every layout, steps alternating (default fp32; bf16 = bfloat16 mixed precision)", list: true);
        var json = OptionFactory.Json("the measurement");
        var command = new Command("train", "Images/s and achieved GFLOP/s of full training steps, next to a dense 3×3 conv measured in the same run, and the data share")
        {
            model, batch, threads, steps, data, layout, precision, json,
        };
        retarget.AddTo(command);
        command.SetAction(parse =>
        {
            var spec = retarget.Apply(parse, SpecSource.Load(parse.GetValue(model)!).Spec);
            int b = parse.GetValue(batch) ?? 128;
            ImageDataset images;
            if (parse.GetValue(data) is { } source)
            {
                images = DatasetCatalog.Load(source).Train;
                spec = spec.Retarget(null, images.Channels, images.Classes, null);
            }
            else
            {
                int count = Math.Max(4 * b, 512);
                var random = new Random(0);
                var pixels = new byte[(long)count * spec.Input.Channels * spec.Input.Size * spec.Input.Size];
                random.NextBytes(pixels);
                var labels = Enumerable.Range(0, count).Select(i => i % spec.Head.Classes).ToArray();
                images = new ImageDataset(pixels, labels, spec.Input.Channels, spec.Input.Size, spec.Input.Size, spec.Head.Classes, source: "random");
            }

            var layouts = LayoutOption.Parse(parse.GetValue(layout));
            var settings = PrecisionOption.Parse(parse.GetValue(precision), [Precision.Fp32])
                .SelectMany(p => layouts.Select(l => new TrainingSetting(l, p))).ToArray();
            var results = TrainingBenchmark.Compare(spec, images, b, parse.GetValue(threads) ?? 0, settings, steps: parse.GetValue(steps) ?? 20);
            if (parse.GetValue(json))
            {
                // The first setting's numbers at the top level (one setting: the object alone), every setting's in "layouts".
                var node = ToJson(results[0]);
                if (results.Count > 1)
                {
                    node["layouts"] = new System.Text.Json.Nodes.JsonArray(results.Select(r => (System.Text.Json.Nodes.JsonNode)ToJson(r)).ToArray());
                }

                JsonReport.Write(context.Out, node);
                return CliApp.Success;
            }

            var first = results[0];
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model            {first.Model} ({Units.Flops(first.Flops)} per image, {spec.Input.Size} px), batch {first.Batch}, {first.Threads} threads"));
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dense 3×3 conv   {first.DenseConvGflops:0.0} GFLOP/s (64→64 channels, same batch, same run; nchw {first.DenseConvNchwGflops:0.0}, nhwc {first.DenseConvNhwcGflops:0.0})"));
            foreach (var result in results)
            {
                PrintLayout(context, result, results.Count > 1 ? results.Max(r => r.StepMilliseconds) : result.StepMilliseconds);
            }

            return CliApp.Success;
        });
        return command;
    }

    private static System.Text.Json.Nodes.JsonObject ToJson(TrainingBenchmarkResult result)
    {
        var node = System.Text.Json.JsonSerializer.SerializeToNode(result, SpecJson.Options)!.AsObject();
        node["efficiency"] = result.Efficiency;
        node["data_share"] = result.DataShare;
        return node;
    }

    private static void PrintLayout(CliContext context, TrainingBenchmarkResult result, double slowestStep)
    {
        string speedup = slowestStep > result.StepMilliseconds ? string.Create(CultureInfo.InvariantCulture, $" ({slowestStep / result.StepMilliseconds:0.00}× the slowest setting)") : string.Empty;
        context.Out.WriteLine();
        context.Out.WriteLine($"layout {LayoutOption.Name(result.Layout)}, {PrecisionOption.Name(result.Precision)}");
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"training step    {result.StepMilliseconds:0.0} ms median → {result.ImagesPerSecond:0} images/s{speedup}"));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"achieved         {result.TrainGflops:0.0} GFLOP/s (3 × forward multiply-adds)"));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"efficiency       {result.Efficiency:P1} of the dense 3×3 conv"));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"data             {result.DataMilliseconds:0.00} ms per batch = {result.DataShare:P1} of step time"));
        double step = result.ForwardMilliseconds + result.BackwardMilliseconds + result.OptimizerMilliseconds;
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step split       forward {result.ForwardMilliseconds:0.0} ms ({result.ForwardMilliseconds / step:P0}), loss + backward {result.BackwardMilliseconds:0.0} ms ({result.BackwardMilliseconds / step:P0}), zero_grad + SGD {result.OptimizerMilliseconds:0.0} ms ({result.OptimizerMilliseconds / step:P0})"));
        context.Out.WriteLine($"layouts          weights {Counts(result.WeightLayouts)}; gradients {Counts(result.GradientLayouts)}; momentum {Counts(result.MomentumLayouts)}");
        double forward = result.ForwardByKind.Values.Sum();
        if (forward > 0)
        {
            context.Out.WriteLine("forward by layer kind (hooked steps), with the layouts of the layers' outputs:");
            foreach (var (kind, ms) in result.ForwardByKind.OrderByDescending(p => p.Value))
            {
                string layouts = result.OutputLayoutsByKind.TryGetValue(kind, out var counts) ? Counts(counts) : string.Empty;
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kind,-22} {ms,7:0.0} ms  {ms / forward,6:P1}  {layouts}"));
            }
        }
    }

    private static string Counts(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "-" : string.Join(" ", counts.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"));
}
