using NetSpace.Interop.PyTorch;

namespace NetSpace.Interop.Tests.PyTorch;

/// <summary>A missing, unexpected or mis-shaped tensor is one clear error naming it and both shapes.</summary>
public class WeightImportErrorTests
{
    private const string Model = "tv_regnet_x_small";

    private static StateDict Edited(Func<string, StoredTensor, StoredTensor?> edit, params (string Name, StoredTensor Tensor)[] extra)
    {
        var file = StateDictFile.Read(Fixtures.Weights(Model));
        var result = new StateDict(file.Source);
        foreach (var (name, tensor) in file.Entries)
        {
            if (edit(name, tensor) is { } kept)
            {
                result.Add(name, kept);
            }
        }

        foreach (var (name, tensor) in extra)
        {
            result.Add(name, tensor);
        }

        return result;
    }

    private static string ImportError(StateDict file) =>
        Assert.Throws<WeightMappingException>(() => PyTorchWeights.Import(file, Fixtures.Spec(Model), Fixtures.Map(Model)).Dispose()).Message;

    [Fact]
    public void MissingTensorIsNamedWithItsExpectedShape()
    {
        string message = ImportError(Edited((name, t) => name == "trunk_output.block2.block2-1.f.b.0.weight" ? null : t));
        Assert.Contains("missing tensor 'trunk_output.block2.block2-1.f.b.0.weight' (shape [16, 8, 3, 3]", message, StringComparison.Ordinal);
        Assert.Contains("NetSpace 'stages.1.1.b.weight'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void MisShapedTensorIsNamedWithBothShapes()
    {
        string message = ImportError(Edited((name, t) => name == "fc.weight" ? StoredTensor.FromFloats([10, 63], new float[630]) : t));
        Assert.Contains("tensor 'fc.weight' has shape [10, 63] in the file; torchvision tv_regnet_x_small expects [10, 64]", message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnexpectedTensorIsNamedWithItsShape()
    {
        string message = ImportError(Edited((_, t) => t, ("trunk_output.block5.extra.weight", StoredTensor.FromFloats([3], new float[3]))));
        Assert.Contains("unexpected tensor 'trunk_output.block5.extra.weight' [3]", message, StringComparison.Ordinal);
    }

    [Fact]
    public void IntegerTensorWhereWeightsBelongIsRefused()
    {
        var bytes = new byte[16 * 8];
        string message = ImportError(Edited((name, t) => name == "stem.1.running_mean" ? new StoredTensor(TensorDType.Int64, [16], bytes) : t));
        Assert.Contains("'stem.1.running_mean' is Int64", message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralProblemsAreCounted()
    {
        string message = ImportError(Edited((name, t) => name.StartsWith("stem.", StringComparison.Ordinal) ? null : t));
        Assert.Contains("and 4 more problem(s)", message, StringComparison.Ordinal); // 5 stem tensors; the counter is optional
    }

    [Fact]
    public void UnknownArchitectureNameSuggestsKnownOnes()
    {
        var ex = Assert.Throws<WeightMappingException>(() => PretrainedArchitectures.Get(WeightConvention.Torchvision, "regnetx_400mf"));
        Assert.Contains("did you mean regnet_x_400mf", ex.Message, StringComparison.Ordinal);
        Assert.Equal("regnetx-400mf", PretrainedArchitectures.Get(WeightConvention.Timm, "REGNETX_004").ZooName);
    }
}
