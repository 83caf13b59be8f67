using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Data;
using NetSpace.Torch.Data;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
using NetSpace.Metrics;
using NetSpace.Training.MultiTask;
using NetSpace.Torch.Training.MultiTask;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace data pseudo-label</c>: a multi-task proxy set from class-labelled images and trained teacher runs (FBNetV5).</summary>
internal static class PseudoLabelCommand
{
    /// <summary>The <c>pseudo-label</c> subcommand of <c>data</c>.</summary>
    public static Command Create(CliContext context)
    {
        var images = new Option<string>("--images")
        {
            Description = "Class-labelled grayscale images of the teachers' size: any --data source (e.g. folder:DIR, idx:DIR) or multitask:DIR (its labels are then used to score the pseudo-labels)",
            HelpName = "SOURCE",
            Required = true,
        };
        var det = new Option<string>("--det-teacher") { Description = "Finished multi-task run with a detection head", HelpName = "RUN", Required = true };
        var seg = new Option<string>("--seg-teacher") { Description = "Finished multi-task run with a segmentation head", HelpName = "RUN", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for the pseudo-labelled scene set", HelpName = "DIR", Required = true };
        var score = OptionFactory.Double("--score", "S", "Keep detections with score ≥ S");
        score.DefaultValueFactory = _ => 0.3;
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing non-empty folder" };
        var json = OptionFactory.Json("the summary");
        var command = new Command("pseudo-label", "Label images that have only class labels with boxes and masks from trained detection and segmentation runs (FBNetV5's proxy data set)")
        {
            images, det, seg, output, score, overwrite, json,
        };
        command.SetAction(parse =>
        {
            double threshold = parse.GetValue(score);
            if (threshold is < 0 or > 1)
            {
                throw new CliUsageException($"--score: {threshold} must be in [0, 1]");
            }

            string dir = parse.GetValue(output)!;
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any() && !parse.GetValue(overwrite))
            {
                throw new CliUsageException($"{Path.GetFullPath(dir)}: the folder is not empty (use --overwrite to replace it)");
            }

            var watch = Stopwatch.StartNew();
            string source = parse.GetValue(images)!;
            var (train, test, labelled) = LoadImages(source);
            using var detTeacher = MultiTaskRun.Load(parse.GetValue(det)!);
            using var segTeacher = MultiTaskRun.Load(parse.GetValue(seg)!);
            SceneSplit pseudoTrain, pseudoTest;
            try
            {
                pseudoTrain = PseudoLabeler.Label(train, detTeacher, segTeacher, threshold);
                pseudoTest = PseudoLabeler.Label(test, detTeacher, segTeacher, threshold);
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(ex.Message);
            }

            var manifest = new MultiTaskManifest
            {
                Items = $"pseudo-label of {source} by {detTeacher.Path} (det, score ≥ {threshold.ToString(CultureInfo.InvariantCulture)}) and {segTeacher.Path} (seg)",
                Options = new SceneComposerOptions { Size = train.Size },
            };
            MultiTaskStore.Write(dir, manifest, pseudoTrain, pseudoTest, parse.GetValue(overwrite));
            var report = new JsonObject
            {
                ["out"] = Path.GetFullPath(dir),
                ["seconds"] = watch.Elapsed.TotalSeconds,
                ["train_scenes"] = pseudoTrain.Count,
                ["test_scenes"] = pseudoTest.Count,
                ["boxes_per_scene"] = (double)pseudoTrain.Boxes.Sum(b => b.Length) / Math.Max(1, pseudoTrain.Count),
            };
            if (labelled)
            {
                // How good are the pseudo-labels? Score them against the true labels of the test split.
                var gt = SceneCoco.GroundTruth(test, "test");
                var dets = pseudoTest.Boxes.SelectMany((bs, i) => bs.Select(b => new CocoDetection(SceneCoco.ImageId(i), b.Category, [b.X, b.Y, b.Width, b.Height], 1.0))).ToArray();
                var coco = CocoEvaluator.Evaluate(gt, dets);
                var confusion = new SegmentationConfusion(test.Classes + 1);
                confusion.Add(pseudoTest.Masks, test.Masks);
                report["test_box_ap50_vs_truth"] = coco.AP50;
                report["test_box_ap_vs_truth"] = coco.AP;
                report["test_mask_miou_vs_truth"] = confusion.MeanIoU;
            }

            if (parse.GetValue(json))
            {
                JsonReport.Write(context.Out, report);
            }
            else
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pseudo-labelled {pseudoTrain.Count} train + {pseudoTest.Count} test images of {source}: {(double)report["boxes_per_scene"]!:0.00} boxes per image (score ≥ {threshold})"));
                if (labelled)
                {
                    context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"against the true test labels: boxes AP50 {(double)report["test_box_ap50_vs_truth"]!:0.000}, AP {(double)report["test_box_ap_vs_truth"]!:0.000}; masks mIoU {(double)report["test_mask_miou_vs_truth"]!:0.000}"));
                }

                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {Path.GetFullPath(dir)} in {watch.Elapsed.TotalSeconds:0.0} s"));
            }

            return CliApp.Success;
        });
        return command;
    }

    private static (SceneSplit Train, SceneSplit Test, bool Labelled) LoadImages(string source)
    {
        if (MultiTaskTrainOptions.IsMultiTask(source))
        {
            var set = MultiTaskStore.Load(MultiTaskTrainOptions.Directory(source));
            return (set.Train, set.Test, true);
        }

        var pair = DatasetCatalog.Load(source);
        return (FromImages(pair.Train), FromImages(pair.Test), false);
    }

    private static SceneSplit FromImages(ImageDataset images)
    {
        if (images.Channels != 1 || images.Height != images.Width)
        {
            throw new CliUsageException($"{images.Source}: pseudo-labelling needs square grayscale images; these are {images.Channels}×{images.Height}×{images.Width}");
        }

        var names = images.ClassNames ?? Enumerable.Range(0, images.Classes).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
        return new SceneSplit(images.Pixels.ToArray(), new byte[images.Pixels.Length], images.Labels.ToArray(), Enumerable.Range(0, images.Count).Select(_ => Array.Empty<SceneBox>()).ToArray(), images.Height, names);
    }
}
