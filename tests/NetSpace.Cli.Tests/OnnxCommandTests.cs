using System.Text.Json;
using NetSpace.Data;
using NetSpace.Torch.Data;
using SkiaSharp;

namespace NetSpace.Tests;

/// <summary><c>export onnx</c>, <c>predict</c> and <c>bench infer --engine</c> on a real (tiny) Fashion-MNIST run.</summary>
public class OnnxCommandTests(TinyFashionMnistRun fixture) : IClassFixture<TinyFashionMnistRun>
{
    [Fact]
    public void ExportedModelPredictsAsTheRunInTorchSharp()
    {
        string onnx = fixture.File("model.onnx");
        var export = CliRunner.Run("export", "onnx", "--run", fixture.Run, "--out", onnx, "--json").AssertSuccess().Json();
        Assert.Equal(new FileInfo(onnx).Length, export.GetProperty("bytes").GetInt64());
        Assert.Equal("logits", Assert.Single(export.GetProperty("outputs").EnumerateArray()).GetString());
        Assert.True(export.GetProperty("normalization_known").GetBoolean());
        Assert.False(export.GetProperty("random_weights").GetBoolean());

        var torch = Predict("--run", fixture.Run, "--data", "fashion-mnist", "--limit", "100");
        var onnxRuntime = Predict("--onnx", onnx, "--data", "fashion-mnist", "--limit", "100");
        var inMemory = Predict("--run", fixture.Run, "--engine", "onnxruntime", "--data", "fashion-mnist", "--limit", "100");
        Assert.Equal("torch", torch.GetProperty("engine").GetString());
        Assert.Equal("onnxruntime", onnxRuntime.GetProperty("engine").GetString());
        AssertSamePredictions(torch, onnxRuntime);
        AssertSamePredictions(torch, inMemory);

        // Over the whole test split predict's accuracy is the run's own test accuracy (same normalisation and
        // crop as evaluation), in TorchSharp and in ONNX Runtime alike.
        double testError = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Run, "result.json"))).RootElement.GetProperty("test_top1_error").GetDouble();
        var all = Predict("--onnx", onnx, "--data", "fashion-mnist", "--limit", "10000", "--top", "1");
        Assert.Equal(10000, all.GetProperty("images").GetInt32());
        Assert.Equal(1 - testError, all.GetProperty("top1_accuracy").GetDouble(), 1e-9);
        Assert.True(testError < 0.7, $"test error {testError}"); // trained: chance is 0.9
        var first = torch.GetProperty("predictions")[0];
        Assert.Equal(9, first.GetProperty("label").GetInt32()); // the first Fashion-MNIST test image is an ankle boot
        Assert.Equal(5, first.GetProperty("top").GetArrayLength());
        Assert.Contains(first.GetProperty("top")[0].GetProperty("name").GetString(), DatasetClassNames.FashionMnist);
    }

    [Fact]
    public void PreprocessingModelTakesPixelsAndImageFilesAreRead()
    {
        string onnx = fixture.File("pixels.onnx");
        CliRunner.Run("export", "onnx", "--run", fixture.Run, "--out", onnx, "--with-preprocessing", "--no-fold-bn", "--opset", "13").AssertSuccess();
        var torch = Predict("--run", fixture.Run, "--data", "fashion-mnist", "--limit", "30");
        var pixels = Predict("--onnx", onnx, "--data", "fashion-mnist", "--limit", "30");
        AssertSamePredictions(torch, pixels);

        // The first three test images as PNG files (gray written as RGB): the same logits as from the data set.
        var test = DatasetCatalog.Load("fashion-mnist").Test;
        string folder = fixture.File("images");
        Directory.CreateDirectory(folder);
        for (int i = 0; i < 3; i++)
        {
            using var bitmap = new SKBitmap(28, 28, SKColorType.Rgba8888, SKAlphaType.Opaque);
            var gray = test.Pixels.Span.Slice(i * 784, 784);
            for (int p = 0; p < 784; p++)
            {
                bitmap.SetPixel(p % 28, p / 28, new SKColor(gray[p], gray[p], gray[p]));
            }

            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(folder, $"img{i}.png"), data.ToArray());
        }

        var files = Predict("--onnx", onnx, "--images", folder, "--top", "2");
        Assert.Equal(3, files.GetProperty("images").GetInt32());
        for (int i = 0; i < 3; i++)
        {
            var f = files.GetProperty("predictions")[i];
            Assert.Equal($"img{i}.png", f.GetProperty("image").GetString());
            Assert.Equal(2, f.GetProperty("top").GetArrayLength());
            AssertCloseLogits(pixels.GetProperty("predictions")[i], f);
        }

        var table = CliRunner.Run("predict", "--onnx", onnx, "--images", Path.Combine(folder, "img0.png")).AssertSuccess().Out;
        Assert.Contains("img0.png", table, StringComparison.Ordinal);
    }

    [Fact]
    public void SampleAppClassifiesAsPredict()
    {
        string onnx = fixture.File("sample.onnx");
        CliRunner.Run("export", "onnx", "--run", fixture.Run, "--out", onnx, "--with-preprocessing").AssertSuccess();
        var expected = Predict("--onnx", onnx, "--data", "fashion-mnist", "--limit", "500", "--top", "1").GetProperty("predictions").EnumerateArray().ToArray();

        var (pixels, labels) = OnnxRuntimeApp.FashionMnistClassifier.ReadTestImages(DataSource.DefaultFashionMnistDirectory, 500);
        using var app = new OnnxRuntimeApp.FashionMnistClassifier(onnx);
        var predictions = app.Classify(pixels, labels.Length);
        Assert.Equal(500, predictions.Length);
        for (int i = 0; i < predictions.Length; i++)
        {
            var top = expected[i].GetProperty("top")[0];
            Assert.Equal(expected[i].GetProperty("label").GetInt32(), labels[i]);
            Assert.Equal(top.GetProperty("class").GetInt32(), predictions[i].Class);
            Assert.Equal(top.GetProperty("probability").GetDouble(), predictions[i].Probability, 1e-5); // a tolerance, not rounding: 0.5459950 and 0.5459949 round apart
            Assert.Equal(top.GetProperty("name").GetString(), app.ClassName(predictions[i].Class));
        }
    }

    [Fact]
    public void BenchInferTimesBothEnginesOnTheSameModels()
    {
        var json = CliRunner.Run("bench", "infer", "--models", $"{fixture.SpecFile},regnetx-200mf", "--size", "32", "--engine", "torch,onnxruntime", "--batch", "1,4", "--reps", "3", "--warmup", "1", "--threads", "1", "--json")
            .AssertSuccess().Json();
        Assert.Equal(1, json.GetProperty("threads").GetInt32());
        var timings = json.GetProperty("timings").EnumerateArray().ToArray();
        Assert.Equal(["tiny-y", "tiny-y", "regnetx-200mf", "regnetx-200mf"], timings.Select(t => t.GetProperty("model").GetString()));
        Assert.Equal([1, 4, 1, 4], timings.Select(t => t.GetProperty("batch").GetInt32()));
        foreach (var t in timings)
        {
            Assert.Equal(3, t.GetProperty("reps").GetInt32());
            Assert.True(t.GetProperty("torch_median_ms").GetDouble() > 0 && t.GetProperty("onnxruntime_median_ms").GetDouble() > 0);
            Assert.True(t.GetProperty("speedup").GetDouble() > 0);
            Assert.True(t.GetProperty("max_abs_diff").GetDouble() <= 1e-4 * Math.Max(1, t.GetProperty("logit_scale").GetDouble()));
        }
    }

    [Fact]
    public void MultiTaskRunExportsOneOutputPerTaskMatchingTorchSharp()
    {
        string set = fixture.File("scenes"), run = fixture.File("mt-run"), onnx = fixture.File("mt.onnx");
        CliRunner.Run("data", "multitask", "--out", set, "--size", "32", "--train", "64", "--test", "16", "--scale", "10:20", "--seed", "5").AssertSuccess();
        CliRunner.Run("train", "--spec", fixture.SpecFile, "--data", "multitask:" + set, "--task", "cls,det,seg", "--epochs", "1", "--batch", "32", "--neck-width", "16", "--threads", "1", "--out", run)
            .AssertExitCode(0);
        var export = CliRunner.Run("export", "onnx", "--run", run, "--out", onnx, "--json").AssertSuccess().Json();
        Assert.Equal(["logits", "detection", "segmentation"], export.GetProperty("outputs").EnumerateArray().Select(o => o.GetString()));

        using var trained = NetSpace.Torch.Training.MultiTask.MultiTaskRun.Load(run);
        using var engine = new NetSpace.Interop.Onnx.OnnxRuntimeEngine(onnx);
        Assert.Equal(trained.Result.PixelMean!.Value, engine.Normalization!.Value.Mean[0], 12);
        using var scope = TorchSharp.torch.NewDisposeScope();
        var x = NetSpace.Torch.Bench.InferenceBenchmark.RandomImages(trained.Spec, 3, seed: 4);
        using var noGrad = TorchSharp.torch.no_grad();
        var expected = trained.Model.Forward(x);
        var outputs = engine.Run(x.data<float>().ToArray(), x.shape);
        foreach (var (name, tensor) in new[] { ("logits", expected.Logits!), ("detection", expected.Detection!), ("segmentation", expected.Segmentation!) })
        {
            var actual = outputs.Single(o => o.Name == name);
            Assert.Equal(tensor.shape, actual.Shape);
            var values = tensor.contiguous().data<float>().ToArray();
            double scale = values.Max(v => Math.Abs(v));
            double diff = values.Zip(actual.Data, (a, b) => (double)Math.Abs(a - b)).Max();
            Assert.True(diff <= 1e-4 * Math.Max(1, scale), $"{name}: max |Δ| = {diff:E2} (max |y| {scale:G4})");
        }
    }

    [Theory]
    [InlineData("opset")]
    [InlineData("two sources")]
    [InlineData("no source")]
    [InlineData("weights with run")]
    [InlineData("unknown model")]
    public void ExportRefusesClearlyAndWritesNothing(string what)
    {
        string onnx = fixture.File($"refused-{what.Replace(' ', '-')}.onnx");
        string[] args = what switch
        {
            "opset" => ["export", "onnx", "--run", fixture.Run, "--opset", "12", "--out", onnx],
            "two sources" => ["export", "onnx", "--run", fixture.Run, "--model", "regnetx-200mf", "--out", onnx],
            "no source" => ["export", "onnx", "--out", onnx],
            "weights with run" => ["export", "onnx", "--run", fixture.Run, "--weights", fixture.SpecFile, "--out", onnx],
            _ => ["export", "onnx", "--model", "regnetx-200mfx", "--out", onnx],
        };
        string error = CliRunner.Run(args).AssertUsageError();
        Assert.False(File.Exists(onnx));
        if (what == "opset")
        {
            Assert.Contains("opset: 12 is not supported", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PredictRefusesBadCombinations()
    {
        string onnx = fixture.File("for-refusals.onnx");
        CliRunner.Run("export", "onnx", "--run", fixture.Run, "--out", onnx).AssertSuccess();
        Assert.Contains("--engine torch needs --run", CliRunner.Run("predict", "--onnx", onnx, "--engine", "torch", "--data", "fashion-mnist").AssertUsageError(), StringComparison.Ordinal);
        CliRunner.Run("predict", "--onnx", onnx).AssertUsageError();
        CliRunner.Run("predict", "--onnx", onnx, "--run", fixture.Run, "--data", "fashion-mnist").AssertUsageError();
        CliRunner.Run("predict", "--onnx", onnx, "--data", "cifar10:" + fixture.File("nowhere")).AssertUsageError();
        CliRunner.Run("predict", "--onnx", fixture.File("missing.onnx"), "--data", "fashion-mnist").AssertUsageError();
    }

    private static JsonElement Predict(params string[] args) =>
        CliRunner.Run(["predict", .. args, "--json"]).AssertSuccess().Json();

    private static void AssertSamePredictions(JsonElement a, JsonElement b)
    {
        Assert.Equal(a.GetProperty("images").GetInt32(), b.GetProperty("images").GetInt32());
        Assert.Equal(a.GetProperty("top1_accuracy").GetDouble(), b.GetProperty("top1_accuracy").GetDouble());
        var pa = a.GetProperty("predictions").EnumerateArray().ToArray();
        var pb = b.GetProperty("predictions").EnumerateArray().ToArray();
        for (int i = 0; i < pa.Length; i++)
        {
            Assert.Equal(pa[i].GetProperty("top")[0].GetProperty("class").GetInt32(), pb[i].GetProperty("top")[0].GetProperty("class").GetInt32());
            AssertCloseLogits(pa[i], pb[i]);
        }
    }

    private static void AssertCloseLogits(JsonElement a, JsonElement b)
    {
        var la = a.GetProperty("logits").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var lb = b.GetProperty("logits").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(la.Length, lb.Length);
        double scale = la.Max(Math.Abs);
        double diff = la.Zip(lb, (x, y) => Math.Abs(x - y)).Max();
        Assert.True(diff <= 1e-4 * Math.Max(1, scale), $"max |Δ logits| = {diff:E2} (max |logit| {scale:G4})");
    }
}
