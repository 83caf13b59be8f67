using NetSpace.Bench;
using NetSpace.Torch.Bench;
using NetSpace.Interop.Onnx;
using NetSpace.Torch.Modules;
using NetSpace.Specs;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NetSpace.Interop.Tests.Onnx;

/// <summary>ONNX Runtime running the exported graph gives TorchSharp's eval-mode outputs (batch 1 and 3).</summary>
public class OnnxEquivalenceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("regnetx-200mf", true)] // X blocks, simple stem, projection shortcuts, group convs
    [InlineData("regnetx-200mf", false)] // the same with BatchNormalization nodes
    [InlineData("regnety-400mf", true)] // Y blocks with SE
    [InlineData("regnety-400mf", false)]
    [InlineData("efficientnet-b0", true)] // MBConv: SiLU, expansion or not, 3×3 and 5×5, SE, head conv
    [InlineData("efficientnet-b0", false)]
    [InlineData("resnet-50", true)] // resnet stem with max-pool, bottleneck with one group
    [InlineData("x-resnet-stem", true)]
    [InlineData("basic", true)] // basic blocks after the small stem
    [InlineData("basic", false)]
    [InlineData("vanilla", true)]
    [InlineData("fbnet-mt-64", true)] // a searched architecture's plain classifier
    public void ClassifierMatchesTorchSharp(string name, bool fold)
    {
        var spec = OnnxTestModels.Spec(name);
        using var model = OnnxTestModels.Classifier(spec);
        var bytes = TorchOnnx.Export(model, new OnnxExportOptions { FoldBatchNorm = fold });
        using var engine = new OnnxRuntimeEngine(bytes);
        Assert.Equal(fold ? 0 : model.modules().Count(m => m is TorchSharp.Modules.BatchNorm2d), CountOps(bytes, "BatchNormalization"));
        double worst = 0;
        foreach (int batch in new[] { 1, 3 })
        {
            using var scope = torch.NewDisposeScope();
            var x = InferenceBenchmark.RandomImages(spec, batch, seed: 10 + batch);
            using var noGrad = torch.no_grad();
            var expected = model.call(x);
            var outputs = engine.Run(OnnxComparison.Values(x), x.shape);
            worst = Math.Max(worst, OnnxComparison.AssertClose(OnnxComparison.Output(outputs, OnnxExporter.LogitsOutput), expected, $"{name} batch {batch}"));
        }

        output.WriteLine($"{name} ({(fold ? "BN folded" : "BN nodes")}): max |Δ logits| / max |logit| = {worst:E2}");
    }

    [Theory]
    [InlineData("fpn", 64, true)]
    [InlineData("fpn", 64, false)]
    [InlineData("fusion", 64, true)]
    [InlineData("fusion", 56, true)] // uneven levels (56 → 28 → 14 → 7 → 4): adaptive pooling and nearest upsampling by non-integer factors
    [InlineData("fusion", 56, false)]
    public void MultiTaskNetworkMatchesTorchSharp(string neck, int size, bool fold)
    {
        NetworkSpec spec;
        DenseHeadsSpec heads;
        if (neck == "fpn")
        {
            spec = Zoo.ModelZoo.Get("regnetx-200mf").Retarget(size: size, channels: 1, classes: 10);
            heads = new DenseHeadsSpec { NeckWidth = 24, DetectionWidth = 16, SegmentationWidth = 16 };
        }
        else
        {
            spec = OnnxTestModels.Searched(size);
            heads = spec.DenseHeads!;
        }

        using var model = OnnxTestModels.MultiTask(spec, heads, VisionTasks.All);
        var bytes = TorchOnnx.Export(model, new OnnxExportOptions { FoldBatchNorm = fold });
        using var engine = new OnnxRuntimeEngine(bytes);
        Assert.Equal([OnnxExporter.LogitsOutput, OnnxExporter.DetectionOutput, OnnxExporter.SegmentationOutput], engine.OutputNames);
        var worst = new Dictionary<string, double>();
        foreach (int batch in new[] { 1, 3 })
        {
            using var scope = torch.NewDisposeScope();
            var x = InferenceBenchmark.RandomImages(spec, batch, seed: 20 + batch);
            using var noGrad = torch.no_grad();
            var expected = model.Forward(x);
            var outputs = engine.Run(OnnxComparison.Values(x), x.shape);
            foreach (var (name, tensor) in new[] { (OnnxExporter.LogitsOutput, expected.Logits!), (OnnxExporter.DetectionOutput, expected.Detection!), (OnnxExporter.SegmentationOutput, expected.Segmentation!) })
            {
                double rel = OnnxComparison.AssertClose(OnnxComparison.Output(outputs, name), tensor, $"{neck} {size}px {name} batch {batch}");
                worst[name] = Math.Max(worst.GetValueOrDefault(name), rel);
            }
        }

        output.WriteLine($"multi-task {neck} {size}px ({(fold ? "BN folded" : "BN nodes")}): " + string.Join(", ", worst.Select(kv => $"{kv.Key} {kv.Value:E2}")));
    }

    [Theory]
    [InlineData("cls")]
    [InlineData("det,seg")]
    public void MultiTaskNetworkWithSomeTasksHasOneOutputEach(string tasks)
    {
        var spec = OnnxTestModels.Searched(64);
        var list = VisionTasks.Parse(tasks);
        using var model = OnnxTestModels.MultiTask(spec, spec.DenseHeads!, list);
        using var engine = new OnnxRuntimeEngine(TorchOnnx.Export(model, new OnnxExportOptions()));
        Assert.Equal(list.Count, engine.OutputNames.Count);
        using var scope = torch.NewDisposeScope();
        var x = InferenceBenchmark.RandomImages(spec, 2, seed: 5);
        using var noGrad = torch.no_grad();
        var expected = model.Forward(x);
        var outputs = engine.Run(OnnxComparison.Values(x), x.shape);
        if (expected.Logits is { } logits)
        {
            OnnxComparison.AssertClose(OnnxComparison.Output(outputs, "logits"), logits, "logits");
        }

        if (expected.Detection is { } det)
        {
            OnnxComparison.AssertClose(OnnxComparison.Output(outputs, "detection"), det, "detection");
            OnnxComparison.AssertClose(OnnxComparison.Output(outputs, "segmentation"), expected.Segmentation!, "segmentation");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PreprocessingGraphNormalisesPixelsAsTheBatchLoader(bool fold)
    {
        // 64 px, so the last stage is not 1×1 (there BN statistics calibrated on a few random images inflate the logits).
        var spec = Zoo.ModelZoo.Get("regnety-400mf").Retarget(size: 64, classes: 10);
        using var model = OnnxTestModels.Classifier(spec);
        double[] mean = [0.485, 0.456, 0.406], std = [0.229, 0.224, 0.225];
        var bytes = TorchOnnx.Export(model, new OnnxExportOptions { FoldBatchNorm = fold, WithPreprocessing = true, Mean = mean, Std = std });
        using var engine = new OnnxRuntimeEngine(bytes);
        Assert.True(engine.InputIsPixels);
        Assert.Equal(mean, engine.Normalization!.Value.Mean);
        foreach (int batch in new[] { 1, 3 })
        {
            var random = new Random(batch);
            var pixels = new byte[batch * spec.Input.Size * spec.Input.Size * 3];
            random.NextBytes(pixels);
            using var scope = torch.NewDisposeScope();

            // The batch loader's arithmetic: NCHW float, x · 1/(255·std) + (−mean/std), factors rounded to float32.
            var scale = torch.tensor(std.Select(s => (float)(1.0 / (255.0 * s))).ToArray()).view(1, 3, 1, 1);
            var shift = torch.tensor(mean.Zip(std, (m, s) => (float)(-m / s)).ToArray()).view(1, 3, 1, 1);
            var x = (torch.tensor(pixels, [batch, spec.Input.Size, spec.Input.Size, 3]).permute(0, 3, 1, 2).to(float32) * scale) + shift;
            using var noGrad = torch.no_grad();
            var expected = model.call(x);
            var outputs = engine.RunPixels(pixels, [batch, spec.Input.Size, spec.Input.Size, 3]);
            OnnxComparison.AssertClose(OnnxComparison.Output(outputs, "logits"), expected, $"preprocessing batch {batch}");
        }
    }

    [Fact]
    public void MetadataCarriesSpecNormalisationAndClassNames()
    {
        var spec = OnnxTestModels.Spec("basic");
        using var model = OnnxTestModels.Classifier(spec);
        var names = Enumerable.Range(0, 10).Select(i => $"class {i}").ToArray();
        var bytes = TorchOnnx.Export(model, new OnnxExportOptions { Mean = [0.5, 0.4, 0.3], Std = [0.2, 0.2, 0.2], ClassNames = names, Source = "test", Opset = 13 });
        using var engine = new OnnxRuntimeEngine(bytes);
        Assert.Equal(spec, Serialization.SpecJson.DeserializeSpec(engine.Metadata[OnnxMetadataKeys.Spec]));
        Assert.Equal(names, engine.ClassNames);
        Assert.Equal([0.5, 0.4, 0.3], engine.Normalization!.Value.Mean);
        Assert.Equal("cls", engine.Metadata[OnnxMetadataKeys.Tasks]);
        Assert.Equal(OnnxMetadataKeys.NormalizedInput, engine.Metadata[OnnxMetadataKeys.InputFormat]);
        Assert.Equal("folded", engine.Metadata[OnnxMetadataKeys.BatchNorm]);
        Assert.Equal([-1, 3, 32, 32], engine.InputShape);
    }

    [Theory]
    [InlineData(13)]
    [InlineData(21)]
    public void EveryOfferedOpsetRuns(int opset)
    {
        var spec = OnnxTestModels.Searched(56);
        using var model = OnnxTestModels.MultiTask(spec, spec.DenseHeads!, VisionTasks.All);
        using var engine = new OnnxRuntimeEngine(TorchOnnx.Export(model, new OnnxExportOptions { Opset = opset, WithPreprocessing = true }));
        var outputs = engine.RunPixels(new byte[2 * 56 * 56], [2, 56, 56, 1]);
        Assert.Equal([2, 10], OnnxComparison.Output(outputs, "logits").Shape);
        Assert.Equal([2, 11, 56, 56], OnnxComparison.Output(outputs, "segmentation").Shape);
    }

    [Fact]
    public void RefusesWhatItCannotRepresent()
    {
        var spec = OnnxTestModels.Spec("vanilla");
        using var model = OnnxTestModels.Classifier(spec);
        Assert.Equal("opset", Assert.Throws<OnnxExportException>(() => TorchOnnx.Export(model, new OnnxExportOptions { Opset = 12 })).Field);
        Assert.Equal("opset", Assert.Throws<OnnxExportException>(() => TorchOnnx.Export(model, new OnnxExportOptions { Opset = 22 })).Field);
        Assert.Equal("normalization", Assert.Throws<OnnxExportException>(() => TorchOnnx.Export(model, new OnnxExportOptions { Mean = [0.5], Std = [0.2] })).Field);
        Assert.Equal("class_names", Assert.Throws<OnnxExportException>(() => TorchOnnx.Export(model, new OnnxExportOptions { ClassNames = ["a"] })).Field);

        // A backbone without its classifier: the graph needs head.fc and says so.
        using var backbone = new NetworkModule(spec, withHead: false);
        Assert.Equal("head.fc", Assert.Throws<OnnxExportException>(() => TorchOnnx.Export(backbone, new OnnxExportOptions())).Field);

        // Weights that do not fit the spec's geometry are named with both shapes.
        using var other = new NetworkModule(spec);
        using (torch.no_grad())
        {
            var stem = (TorchSharp.Modules.Convolution)other.named_modules().Single(m => m.name == "stem.conv").module;
            stem.weight = new TorchSharp.Modules.Parameter(torch.zeros(16, 3, 5, 5));
        }

        var ex = Assert.Throws<OnnxExportException>(() => TorchOnnx.Export(other, new OnnxExportOptions()));
        Assert.Equal("stem.conv.weight", ex.Field);
        Assert.Contains("[16, 3, 5, 5]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[16, 3, 3, 3]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainStateDictsAreCheckedTensorByTensor()
    {
        var spec = OnnxTestModels.Spec("vanilla");
        using var model = OnnxTestModels.Classifier(spec);
        var state = TorchStateDict.Read(model);
        Assert.Equal(TorchOnnx.Export(model, new OnnxExportOptions()), OnnxExporter.Export(spec, state, new OnnxExportOptions()));

        // A tensor the graph does not read is named, with its module as the field.
        var extra = TorchStateDict.Read(model);
        extra.Add("stages.0.0.b.extra", Interop.PyTorch.StoredTensor.FromFloats([2], [1f, 2f]));
        var ex = Assert.Throws<OnnxExportException>(() => OnnxExporter.Export(spec, extra, new OnnxExportOptions()));
        Assert.Equal("stages.0.0.b", ex.Field);
        Assert.Contains("stages.0.0.b.extra", ex.Message, StringComparison.Ordinal);

        // Without BN statistics a conv must carry the bias a folded BN leaves.
        var noBn = new Interop.PyTorch.StateDict("test");
        foreach (var (name, tensor) in state.Entries.Where(e => !e.Key.StartsWith("stem.bn.", StringComparison.Ordinal)))
        {
            noBn.Add(name, tensor);
        }

        Assert.Equal("stem.bn", Assert.Throws<OnnxExportException>(() => OnnxExporter.Export(spec, noBn, new OnnxExportOptions())).Field);
    }

    private static int CountOps(byte[] model, string op)
    {
        var pattern = System.Text.Encoding.ASCII.GetBytes(op);
        int count = 0;
        for (int i = 0; i + pattern.Length <= model.Length; i++)
        {
            if (model.AsSpan(i, pattern.Length).SequenceEqual(pattern) && i > 0 && model[i - 1] == pattern.Length)
            {
                count++;
            }
        }

        return count;
    }
}
