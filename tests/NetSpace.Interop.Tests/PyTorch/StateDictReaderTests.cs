using System.Text.Json;
using NetSpace.Interop.PyTorch;

namespace NetSpace.Interop.Tests.PyTorch;

public class StateDictReaderTests
{
    [Fact]
    public void TorchSaveViewsAndTypesReadAsPyTorchWroteThem()
    {
        var file = StateDictFile.Read(Fixtures.Path_("reader_cases.pth"));
        using var expected = JsonDocument.Parse(File.ReadAllText(Fixtures.Path_("reader_cases.json")));
        Assert.Equal(expected.RootElement.EnumerateObject().Select(p => p.Name), file.Names);
        foreach (var entry in expected.RootElement.EnumerateObject())
        {
            var tensor = file.Find(entry.Name)!;
            Assert.Equal(entry.Value.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()), tensor.Shape);
            var values = entry.Value.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            double[] actual = tensor.DType.IsFloatingPoint()
                ? tensor.ToFloats().Select(f => (double)f).ToArray()
                : [BitConverter.ToInt64(tensor.Data)];
            Assert.Equal(values.Length, actual.Length);
            for (int i = 0; i < values.Length; i++)
            {
                Assert.Equal(values[i], actual[i], tolerance: Math.Abs(values[i]) * 1e-7);
            }
        }

        Assert.Equal(TensorDType.Float64, file.Find("float64")!.DType);
        Assert.Equal(TensorDType.Float16, file.Find("float16")!.DType);
        Assert.Equal(12345678901L, BitConverter.ToInt64(file.Find("int64_scalar")!.Data));
        Assert.Empty(file.Find("int64_scalar")!.Shape);
    }

    [Fact]
    public void CheckpointWithNestedParametersAndDataParallelPrefixReadsAsTheStateDict()
    {
        var file = StateDictFile.Read(Fixtures.Path_("checkpoint.pth"));
        using var expected = JsonDocument.Parse(File.ReadAllText(Fixtures.Path_("checkpoint.json")));
        Assert.Equal(["fc.weight", "fc.bias"], file.Names);
        foreach (var entry in expected.RootElement.EnumerateObject())
        {
            var values = entry.Value.GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble());
            Assert.Equal(values, file.Find(entry.Name)!.ToFloats());
        }
    }

    [Fact]
    public void PickleCallingOsSystemIsRefusedByName()
    {
        var ex = Assert.Throws<PyTorchFormatException>(() => StateDictFile.Read(Fixtures.Path_("exploit.pth")));
        Assert.Contains("system", ex.Message, StringComparison.Ordinal);
        Assert.Contains("refusing to run pickle code", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LegacyTorchSaveFormatIsRefusedWithAdvice()
    {
        var ex = Assert.Throws<PyTorchFormatException>(() => StateDictFile.Read(Fixtures.Path_("legacy.pth")));
        Assert.Contains("legacy torch.save format", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherFilesAreRefused()
    {
        string dir = Directory.CreateTempSubdirectory("netspace-reader-").FullName;
        try
        {
            string text = Path.Combine(dir, "notes.pth");
            File.WriteAllText(text, "hello, this is not a state dict");
            Assert.Contains("neither a torch.save zip file nor a safetensors file", Assert.Throws<PyTorchFormatException>(() => StateDictFile.Read(text)).Message, StringComparison.Ordinal);
            Assert.Throws<FileNotFoundException>(() => StateDictFile.Read(Path.Combine(dir, "missing.pth")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void SafetensorsRoundTripKeepsNamesTypesShapesValuesAndMetadata()
    {
        string dir = Directory.CreateTempSubdirectory("netspace-st-").FullName;
        try
        {
            string path = Path.Combine(dir, "w.safetensors");
            var a = StoredTensor.FromFloats([2, 3], [1, 2, 3, 4, 5, 6]);
            var b = StoredTensor.FromInt64(7);
            SafetensorsFile.Write(path, [new("z.weight", a), new("a.num_batches_tracked", b)], new Dictionary<string, string> { ["format"] = "pt" });
            Assert.Equal(0UL, BitConverter.ToUInt64(File.ReadAllBytes(path)) % 8); // data area 8-byte aligned
            var read = StateDictFile.Read(path);
            Assert.Equal(["z.weight", "a.num_batches_tracked"], read.Names);
            Assert.Equal(a.Data, read.Find("z.weight")!.Data);
            Assert.Equal([2L, 3L], read.Find("z.weight")!.Shape);
            Assert.Equal(TensorDType.Int64, read.Find("a.num_batches_tracked")!.DType);
            Assert.Equal("pt", read.Metadata["format"]);
            Assert.Single(Directory.GetFiles(dir)); // no temporary file left

            // A header whose offsets do not tile the data area is refused with the tensor's name.
            var bytes = File.ReadAllBytes(path);
            string header = System.Text.Encoding.UTF8.GetString(bytes, 8, (int)BitConverter.ToUInt64(bytes));
            string broken = header.Replace("[0,24]", "[0,20]", StringComparison.Ordinal);
            Assert.NotEqual(header, broken);
            System.Text.Encoding.UTF8.GetBytes(broken).CopyTo(bytes, 8);
            File.WriteAllBytes(path, bytes);
            var ex = Assert.Throws<PyTorchFormatException>(() => StateDictFile.Read(path));
            Assert.Contains("z.weight", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TorchvisionStateDictReadsWithEveryTensorAndCounter()
    {
        var file = StateDictFile.Read(Fixtures.Weights("tv_regnet_y_small"));
        Assert.Equal(142, file.Count);
        Assert.Equal(TensorDType.Float64, file.Find("stem.0.weight")!.DType); // saved from model.double()
        Assert.Equal([16L, 3, 3, 3], file.Find("stem.0.weight")!.Shape);
        Assert.Equal(TensorDType.Int64, file.Find("stem.1.num_batches_tracked")!.DType);
    }
}
