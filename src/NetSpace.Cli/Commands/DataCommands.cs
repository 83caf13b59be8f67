using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Data;
using NetSpace.Torch.Data;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace data multitask</c>: compose the multi-task proxy scene set from real item images.</summary>
internal static class DataCommands
{
    /// <summary>The <c>data</c> command group.</summary>
    public static Command Create(CliContext context) => new("data", "Build data sets")
    {
        MultiTask(context),
        PseudoLabelCommand.Create(context),
    };

    private static Command MultiTask(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "Folder to write the scene set to (must not exist or be empty)", HelpName = "DIR", Required = true };
        var size = OptionFactory.Int("--size", "S", "Canvas side in pixels", min: 8);
        size.DefaultValueFactory = _ => 64;
        var train = OptionFactory.Int("--train", "N", "Training scenes (from training items only)", min: 1);
        train.DefaultValueFactory = _ => 20000;
        var test = OptionFactory.Int("--test", "N", "Test scenes (from test items only)", min: 1);
        test.DefaultValueFactory = _ => 2000;
        var objects = new Option<string>("--objects") { Description = "Objects per scene MIN:MAX", HelpName = "MIN:MAX", DefaultValueFactory = _ => "1:4" };
        var scale = new Option<string>("--scale") { Description = "Side in pixels each 28 px item is resized to, MIN:MAX", HelpName = "MIN:MAX", DefaultValueFactory = _ => "14:40" };
        var items = new Option<string>("--items") { Description = "Item images (any --data source with grayscale images)", HelpName = "SOURCE", DefaultValueFactory = _ => "fashion-mnist" };
        var seed = OptionFactory.Int("--seed", "S", "Seed of item choice, scale and position");
        seed.DefaultValueFactory = _ => 0;
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing non-empty folder" };
        var json = OptionFactory.Json("the summary");
        var command = new Command(
            "multitask",
            "Compose scenes of 1–4 real items at random scales and positions with classification (largest item), detection (tight boxes of visible pixels, also COCO JSON) and segmentation (per-pixel class) labels")
        {
            output, size, train, test, objects, scale, items, seed, overwrite, json,
        };
        command.SetAction(parse =>
        {
            var (minObjects, maxObjects) = Range("--objects", parse.GetValue(objects)!);
            var (minScale, maxScale) = Range("--scale", parse.GetValue(scale)!);
            var options = new SceneComposerOptions
            {
                Size = parse.GetValue(size),
                MinObjects = minObjects,
                MaxObjects = maxObjects,
                MinScale = minScale,
                MaxScale = maxScale,
                Seed = parse.GetValue(seed),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException($"--{ex.Message}");
            }

            string dir = parse.GetValue(output)!;
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any() && !parse.GetValue(overwrite))
            {
                throw new CliUsageException($"{Path.GetFullPath(dir)}: the folder is not empty (use --overwrite to replace it)");
            }

            string source = parse.GetValue(items)!;
            bool quiet = parse.GetValue(json);
            var log = quiet ? context.Error : context.Out;
            var watch = Stopwatch.StartNew();
            var pair = DatasetCatalog.Load(source);
            if (!quiet)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"composing {parse.GetValue(train)} train + {parse.GetValue(test)} test scenes of {options.Size} px from {source} ({pair.Train.Count} + {pair.Test.Count} items)…"));
            }

            var trainSplit = SceneComposer.Compose(pair.Train, parse.GetValue(train), options, stream: 0);
            var testSplit = SceneComposer.Compose(pair.Test, parse.GetValue(test), options, stream: 1);
            var manifest = MultiTaskStore.Write(dir, new MultiTaskManifest { Items = source, Options = options }, trainSplit, testSplit, parse.GetValue(overwrite));
            double seconds = watch.Elapsed.TotalSeconds;
            long bytes = Directory.EnumerateFiles(dir).Sum(f => new FileInfo(f).Length);
            if (quiet)
            {
                JsonReport.Write(context.Out, new JsonObject
                {
                    ["out"] = Path.GetFullPath(dir),
                    ["seconds"] = seconds,
                    ["bytes"] = bytes,
                    ["train"] = Summary(trainSplit),
                    ["test"] = Summary(testSplit),
                });
            }
            else
            {
                foreach (var (name, split) in new[] { ("train", trainSplit), ("test", testSplit) })
                {
                    var s = Summary(split);
                    log.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{name}: {split.Count} scenes, {(double)s["objects_per_scene"]!:0.00} objects per scene, box side {(double)s["mean_box_width"]!:0.0}×{(double)s["mean_box_height"]!:0.0} px on average, {(double)s["background_fraction"]!:P1} background pixels"));
                    var counts = split.Labels.GroupBy(l => l).OrderBy(g => g.Key).Select(g => $"{split.ClassNames[g.Key]} {g.Count()}");
                    log.WriteLine($"  classification labels: {string.Join(", ", counts)}");
                }

                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {Path.GetFullPath(dir)} ({bytes / 1e6:0.0} MB, seed {manifest.Options.Seed}) in {seconds:0.0} s; COCO labels: {MultiTaskStore.CocoFile("train")}, {MultiTaskStore.CocoFile("test")}"));
            }

            return CliApp.Success;
        });
        return command;
    }

    private static JsonObject Summary(SceneSplit split)
    {
        var boxes = split.Boxes.SelectMany(b => b).ToArray();
        long background = split.Masks.LongCount(m => m == 0);
        return new JsonObject
        {
            ["scenes"] = split.Count,
            ["objects"] = boxes.Length,
            ["objects_per_scene"] = (double)boxes.Length / Math.Max(1, split.Count),
            ["mean_box_width"] = boxes.Length == 0 ? 0 : boxes.Average(b => b.Width),
            ["mean_box_height"] = boxes.Length == 0 ? 0 : boxes.Average(b => b.Height),
            ["background_fraction"] = (double)background / Math.Max(1, split.Masks.LongLength),
            ["label_counts"] = new JsonArray(Enumerable.Range(0, split.Classes).Select(c => JsonValue.Create(split.Labels.Count(l => l == c))).ToArray<JsonNode?>()),
        };
    }

    private static (int Min, int Max) Range(string option, string text)
    {
        var parts = text.Split(':');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int min)
            && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int max)
            && min >= 1 && max >= min)
        {
            return (min, max);
        }

        throw new CliUsageException($"{option}: '{text}' is not MIN:MAX with whole numbers 1 ≤ MIN ≤ MAX (e.g. 1:4)");
    }
}
