using System.Text.Json;
using NetSpace.Metrics;

namespace NetSpace.Tests;

/// <summary>netspace data multitask / train --data multitask: / eval detections, end to end on the real Fashion-MNIST.</summary>
public class MultiTaskCommandTests
{
    private static string TinySpec(TempDirectory dir)
    {
        string path = dir.File("tiny.json");
        File.WriteAllText(path, """
            {"name": "tiny", "stem": {"type": "simple", "width": 8},
             "stages": [{"block": "x", "depth": 1, "width": 16, "stride": 2, "group_width": 8},
                        {"block": "x", "depth": 1, "width": 32, "stride": 2, "group_width": 8}]}
            """);
        return path;
    }

    [Fact]
    public void ComposesTrainsResumesAndEvaluatesDetections()
    {
        using var dir = new TempDirectory();
        string set = dir.File("scenes");
        var summary = CliRunner.Run("data", "multitask", "--out", set, "--size", "32", "--train", "300", "--test", "60", "--scale", "10:20", "--seed", "5", "--json")
            .AssertSuccess().Json();
        Assert.Equal(300, summary.GetProperty("train").GetProperty("scenes").GetInt32());
        Assert.InRange(summary.GetProperty("train").GetProperty("objects_per_scene").GetDouble(), 1.5, 4.0);

        // Same seed, same bytes; a non-empty folder is refused.
        string again = dir.File("again");
        CliRunner.Run("data", "multitask", "--out", again, "--size", "32", "--train", "300", "--test", "60", "--scale", "10:20", "--seed", "5", "--json").AssertSuccess();
        Assert.Equal(File.ReadAllBytes(Path.Combine(set, "train-images.u8")), File.ReadAllBytes(Path.Combine(again, "train-images.u8")));
        Assert.Contains("not empty", CliRunner.Run("data", "multitask", "--out", set, "--train", "10", "--test", "10").AssertUsageError(), StringComparison.Ordinal);

        string run = dir.File("run");
        var result = CliRunner.Run(
                "train", "--spec", TinySpec(dir), "--data", "multitask:" + set, "--task", "cls,det,seg", "--epochs", "2", "--batch", "32",
                "--neck-width", "16", "--threads", "1", "--seed", "3", "--out", run, "--json")
            .AssertExitCode(0).Json();
        Assert.Equal("completed", result.GetProperty("status").GetString());
        var test = result.GetProperty("test");
        foreach (string key in new[] { "top1_error", "ap", "ap50", "ap75", "mean_io_u", "pixel_accuracy" })
        {
            Assert.True(test.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number, $"test.{key} missing in {test}");
        }

        Assert.Equal(JsonValueKind.Array, test.GetProperty("class_iou").ValueKind);

        Assert.Contains("already finished", CliRunner.Run("train", "--resume", run).AssertUsageError(), StringComparison.Ordinal);

        // The written detections give the reported AP through `eval detections` (rounded coordinates: ±0.005).
        var eval = CliRunner.Run("eval", "detections", "--gt", Path.Combine(set, "test-coco.json"), "--pred", Path.Combine(run, "test-detections.json"), "--json")
            .AssertSuccess().Json();
        Assert.Equal(test.GetProperty("ap50").GetDouble(), eval.GetProperty("ap50").GetDouble(), 2);
        Assert.Equal(60, eval.GetProperty("images").GetInt32());

        // `eval --run` reproduces every task's test metric from the saved weights, and refuses non-scene data.
        var evaluated = CliRunner.Run("eval", "--run", run, "--json").AssertSuccess().Json();
        foreach (string key in new[] { "top1_error", "ap", "ap50", "mean_io_u", "pixel_accuracy" })
        {
            Assert.Equal(test.GetProperty(key).GetDouble(), evaluated.GetProperty(key).GetDouble(), 12);
        }

        Assert.Equal(60, evaluated.GetProperty("images").GetInt32());
        Assert.Contains("seg mIoU", CliRunner.Run("eval", "--run", run).AssertSuccess().Out, StringComparison.Ordinal);
        Assert.Contains("multitask:DIR", CliRunner.Run("eval", "--run", run, "--data", "fashion-mnist").AssertUsageError(), StringComparison.Ordinal);

        // The run as both teachers: a pseudo-labelled copy of the scenes, scored against their true labels.
        string pseudo = dir.File("pseudo");
        var report = CliRunner.Run("data", "pseudo-label", "--images", "multitask:" + set, "--det-teacher", run, "--seg-teacher", run, "--out", pseudo, "--score", "0.1", "--json")
            .AssertSuccess().Json();
        Assert.Equal(300, report.GetProperty("train_scenes").GetInt32());
        Assert.InRange(report.GetProperty("test_mask_miou_vs_truth").GetDouble(), 0.0, 1.0);
        var pseudoSet = NetSpace.Torch.Data.MultiTask.MultiTaskStore.Load(pseudo);
        var original = NetSpace.Torch.Data.MultiTask.MultiTaskStore.Load(set);
        Assert.Equal(original.Train.Images, pseudoSet.Train.Images);
        Assert.Equal(original.Train.Labels, pseudoSet.Train.Labels);
        Assert.NotEqual(original.Train.Masks, pseudoSet.Train.Masks);
    }

    [Fact]
    public void DetectionOnlyTrainingHasNoClassificationOrSegmentationMetrics()
    {
        using var dir = new TempDirectory();
        string set = dir.File("scenes");
        CliRunner.Run("data", "multitask", "--out", set, "--size", "32", "--train", "64", "--test", "16", "--scale", "10:20", "--json").AssertSuccess();
        var result = CliRunner.Run("train", "--spec", TinySpec(dir), "--data", "multitask:" + set, "--task", "det", "--epochs", "1", "--batch", "32", "--threads", "1", "--json")
            .AssertExitCode(0).Json();
        var test = result.GetProperty("test");
        Assert.True(test.TryGetProperty("ap", out _));
        Assert.False(test.TryGetProperty("top1_error", out var e) && e.ValueKind == JsonValueKind.Number);
        Assert.Equal(0, result.GetProperty("complexity").GetProperty("segmentation").GetProperty("flops").GetInt64());
    }

    [Theory]
    [InlineData(new[] { "data", "multitask", "--out", "x", "--objects", "4:1" }, "--objects: '4:1' is not MIN:MAX")]
    [InlineData(new[] { "data", "multitask", "--out", "x", "--scale", "14:400" }, "--scale: 14:400 must satisfy")]
    [InlineData(new[] { "train", "--model", "regnetx-200mf", "--task", "det" }, "need a multi-task scene set")]
    [InlineData(new[] { "train", "--model", "regnetx-200mf", "--data", "multitask:/nonexistent/scenes" }, "folder not found")]
    [InlineData(new[] { "train", "--model", "regnetx-200mf", "--data", "multitask:/tmp", "--task", "cls,box" }, "--task: unknown task 'box'")]
    [InlineData(new[] { "train", "--model", "regnetx-200mf", "--data", "multitask:/tmp", "--loss-weights", "det=-1" }, "--loss-weights: 'det=-1'")]
    public void BadInputIsAUsageError(string[] args, string expected) =>
        Assert.Contains(expected, CliRunner.Run(args).AssertUsageError(), StringComparison.Ordinal);

    [Fact]
    public void EvalDetectionsReportsApAndRejectsBadFiles()
    {
        using var dir = new TempDirectory();
        var gt = new CocoGroundTruth(
            [new CocoImage(1, "a.png", 32, 32), new CocoImage(2, "b.png", 32, 32)],
            [new CocoAnnotation(1, 1, 1, [0, 0, 10, 10], 100, 0), new CocoAnnotation(2, 2, 2, [5, 5, 10, 10], 100, 0)],
            [new CocoCategory(1, "cat"), new CocoCategory(2, "dog")]);
        string gtPath = dir.File("gt.json"), predPath = dir.File("pred.json");
        CocoJson.WriteGroundTruth(gtPath, gt);
        CocoJson.WriteDetections(predPath, [new CocoDetection(1, 1, [0, 0, 10, 10], 0.9), new CocoDetection(2, 2, [30, 30, 2, 2], 0.8)]);
        var json = CliRunner.Run("eval", "detections", "--gt", gtPath, "--pred", predPath, "--json").AssertSuccess().Json();
        Assert.Equal(0.5, json.GetProperty("ap").GetDouble(), 9); // cat perfect, dog missed
        Assert.Equal(0.0, json.GetProperty("per_category").GetProperty("dog").GetDouble());
        var table = CliRunner.Run("eval", "detections", "--gt", gtPath, "--pred", predPath).AssertSuccess().Out;
        Assert.Contains("AP cat", table, StringComparison.Ordinal);

        File.WriteAllText(predPath, """[{"image_id": 3, "category_id": 1, "bbox": [0, 0, 1, 1], "score": 1}]""");
        Assert.Contains("[0].image_id: 3 is not an image", CliRunner.Run("eval", "detections", "--gt", gtPath, "--pred", predPath).AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("file not found", CliRunner.Run("eval", "detections", "--gt", dir.File("none.json"), "--pred", predPath).AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("--run DIR", CliRunner.Run("eval").AssertUsageError(), StringComparison.Ordinal);
    }
}
