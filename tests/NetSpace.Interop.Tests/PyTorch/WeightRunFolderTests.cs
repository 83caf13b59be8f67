using NetSpace.Interop.PyTorch;
using NetSpace.Torch.Modules;
using NetSpace.Serialization;
using NetSpace.Specs;
using NetSpace.Training;
using NetSpace.Torch.Training;
using NetSpace.Zoo;

namespace NetSpace.Interop.Tests.PyTorch;

/// <summary>Import into a run folder, export from it, and the refusals that keep files from being half-written.</summary>
public sealed class WeightRunFolderTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("netspace-weights-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private WeightImportRequest Request(string model, string outName) => new()
    {
        File = Fixtures.Weights(model),
        From = WeightConvention.Torchvision,
        Spec = Fixtures.Spec(model),
        OutDir = Path.Combine(dir, outName),
        CheckFile = Fixtures.Check(model),
    };

    [Fact]
    public void ImportWritesARunFolderThatExportsBackToTheSameFile()
    {
        var (record, check) = WeightImporter.Import(Request("tv_efficientnet_small", "run"));
        var folder = new RunFolder(Path.Combine(dir, "run"));
        Assert.True(File.Exists(folder.SpecFile) && File.Exists(folder.WeightsFile));
        Assert.Equal("torchvision", record.From);
        Assert.Equal(64, record.Sha256.Length);
        Assert.Equal(86500, record.Params);
        Assert.True(check!.RelativeDelta <= 1e-4);
        var stored = RunFolder.ReadJson<WeightImportRecord>(Path.Combine(folder.Path, "import.json"));
        Assert.Equal(record.Sha256, stored.Sha256);
        Assert.Equal(check.RelativeDelta, stored.CheckRelativeDelta);

        // The run's weights load as any trained run's do, and reproduce torchvision.
        using (var model = new NetworkModule(folder.ReadSpec()))
        {
            model.load(folder.WeightsFile);
            Assert.True(LogitCheck.Compare(model, Fixtures.Check("tv_efficientnet_small")).RelativeDelta <= 1e-4);
        }

        string exported = Path.Combine(dir, "back.safetensors");
        var summary = WeightExporter.Export(folder.Path, WeightConvention.Torchvision, exported);
        Assert.Null(summary.Arch); // a reduced model: no stock torchvision name
        var original = StateDictFile.Read(Fixtures.Weights("tv_efficientnet_small"));
        var back = StateDictFile.Read(exported);
        Assert.Equal(original.Names, back.Names);
        foreach (var (name, tensor) in back.Entries.Where(e => e.Value.DType == TensorDType.Float32))
        {
            Assert.Equal(original.Find(name)!.Data, tensor.Data);
        }

        Assert.Equal(Fixtures.Spec("tv_efficientnet_small"), SpecJson.DeserializeSpec(back.Metadata["netspace_spec"]));

        // The same in torch.save's zip format (torch.load reads it; checked by hand with torch 1.13), read back here
        // by the restricted reader: same names, shapes and bytes, and it imports again.
        string pth = Path.Combine(dir, "back.pth");
        WeightExporter.Export(folder.Path, WeightConvention.Torchvision, pth);
        var saved = StateDictFile.Read(pth);
        Assert.Equal(back.Names, saved.Names);
        foreach (var (name, tensor) in saved.Entries)
        {
            Assert.Equal(back.Find(name)!.Shape, tensor.Shape);
            Assert.Equal(back.Find(name)!.Data, tensor.Data);
        }

        using var reimported = PyTorchWeights.Import(saved, Fixtures.Spec("tv_efficientnet_small"), Fixtures.Map("tv_efficientnet_small"));
        Assert.True(LogitCheck.Compare(reimported, Fixtures.Check("tv_efficientnet_small")).RelativeDelta <= 1e-4);
    }

    [Fact]
    public void ExistingFolderIsRefusedAndFailedImportsLeaveNothing()
    {
        Directory.CreateDirectory(Path.Combine(dir, "taken"));
        File.WriteAllText(Path.Combine(dir, "taken", "x"), "x");
        Assert.Throws<NetSpace.Training.RunFolderConflictException>(() => WeightImporter.Import(Request("tv_regnet_x_small", "taken")));

        // Mismatched weights and a failed logit check both write nothing at all.
        Assert.Throws<WeightMappingException>(() => WeightImporter.Import(Request("tv_regnet_x_small", "wrong") with { Spec = Fixtures.Spec("tv_regnet_y_small"), CheckFile = null }));
        Assert.Throws<LogitCheckException>(() => WeightImporter.Import(Request("tv_regnet_x_small", "strict") with { Tolerance = 1e-12 }));
        Assert.Equal(["taken"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void ExportRefusesWhatTorchvisionCannotExpress()
    {
        var small = ModelZoo.Get("regnetx-200mf").Retarget(size: 28, channels: 1, classes: 10, stem: StemType.Small);
        var ex = Assert.Throws<WeightMappingException>(() => WeightFamilies.CheckRepresentable(small, WeightConvention.Torchvision, WeightFamilies.Detect(small)));
        Assert.Contains("1 input channels", ex.Message, StringComparison.Ordinal);
        var smallStem = ModelZoo.Get("regnetx-200mf").Retarget(stem: StemType.Small);
        ex = Assert.Throws<WeightMappingException>(() => WeightFamilies.CheckRepresentable(smallStem, WeightConvention.Timm, WeightFamily.RegNet));
        Assert.Contains("small stem", ex.Message, StringComparison.Ordinal);
        var relu = ModelZoo.Get("efficientnet-b0") with { Activation = ActivationType.Relu };
        Assert.Throws<WeightMappingException>(() => WeightFamilies.CheckRepresentable(relu, WeightConvention.Torchvision, WeightFamily.EfficientNet));
        var basic = new NetworkSpec { Stages = [new StageSpec { Block = BlockType.Basic, Width = 16, Depth = 1 }] };
        Assert.Contains("basic blocks", Assert.Throws<WeightMappingException>(() => WeightFamilies.Detect(basic)).Message, StringComparison.Ordinal);
        var multiTask = ModelZoo.Get("regnetx-200mf") with { DenseHeads = new DenseHeadsSpec() };
        Assert.Contains("multi-task", Assert.Throws<WeightMappingException>(() => WeightFamilies.Detect(multiTask)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportNamesTheStockModelWhoseArchitectureItIs()
    {
        Assert.Equal("regnet_x_400mf", WeightExporter.KnownArchitecture(ModelZoo.Get("tv-regnet_x_400mf").Retarget(classes: 10), WeightConvention.Torchvision));
        Assert.Null(WeightExporter.KnownArchitecture(ModelZoo.Get("regnetx-400mf"), WeightConvention.Torchvision)); // pycls widths
        Assert.Equal("regnetx_004", WeightExporter.KnownArchitecture(ModelZoo.Get("regnetx-400mf"), WeightConvention.Timm));
        Assert.Equal("efficientnet_b2", WeightExporter.KnownArchitecture(ModelZoo.Get("efficientnet-b2"), WeightConvention.Torchvision));
        Assert.Equal("resnet50", WeightExporter.KnownArchitecture(ModelZoo.Get("resnet-50"), WeightConvention.Timm));
    }
}
