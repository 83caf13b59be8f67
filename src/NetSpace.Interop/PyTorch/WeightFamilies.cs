using NetSpace.Specs;

namespace NetSpace.Interop.PyTorch;

/// <summary>
/// Which name map fits a spec, and whether the other library's model class can express the spec at all. Checks cover
/// what a state dict would not reveal (stem type and strides, activation, stage strides, SE ratio): a file whose tensors
/// load into a different network would silently compute something else, so such specs are refused instead.
/// </summary>
public static class WeightFamilies
{
    /// <summary>The family of a spec; throws <see cref="WeightMappingException"/> when none of the maps fits.</summary>
    public static WeightFamily Detect(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string name = spec.Name ?? "the network";
        if (spec.DenseHeads is not null)
        {
            throw new WeightMappingException($"{name}: a multi-task network (neck and dense heads) has no torchvision or timm counterpart");
        }

        if (spec.Stages.Count == 0)
        {
            throw new WeightMappingException($"{name}: no stages");
        }

        if (spec.Stages.All(s => s.Block == BlockType.MBConv))
        {
            return WeightFamily.EfficientNet;
        }

        if (spec.Stages.All(s => s.Block is BlockType.X or BlockType.Y))
        {
            return spec.Stem.Type == StemType.ResNet ? WeightFamily.ResNet : WeightFamily.RegNet;
        }

        var odd = spec.Stages.First(s => s.Block is not (BlockType.MBConv or BlockType.X or BlockType.Y));
        throw new WeightMappingException(
            $"{name}: {odd.Block.ToString().ToLowerInvariant()} blocks have no torchvision/timm name map (X and Y blocks as RegNet or ResNet, MBConv as EfficientNet do); mixed block types neither");
    }

    /// <summary>Throws <see cref="WeightMappingException"/> naming the first property the library's class cannot express.</summary>
    public static void CheckRepresentable(NetworkSpec spec, WeightConvention convention, WeightFamily family)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string lib = PretrainedArchitectures.Label(convention);
        string name = spec.Name ?? "the network";
        void Require(bool ok, string what)
        {
            if (!ok)
            {
                throw new WeightMappingException($"{name}: {what}, which {lib}'s {family} cannot express");
            }
        }

        if (convention == WeightConvention.Torchvision)
        {
            Require(spec.Input.Channels == 3, $"takes {spec.Input.Channels} input channels (torchvision's classes take 3)");
        }

        switch (family)
        {
            case WeightFamily.RegNet:
                Require(spec.Stem.Type == StemType.Simple, $"has a {spec.Stem.Type.ToString().ToLowerInvariant()} stem (a 3×3 stride-2 simple stem expected)");
                Require(spec.Activation == ActivationType.Relu, "uses SiLU (ReLU expected)");
                Require(spec.Head.Width == 0, "has a head conv");
                Require(spec.Stages.Select(s => s.Block).Distinct().Count() == 1, "mixes X and Y blocks");
                Require(spec.Stages.Select(s => s.SeRatio).Distinct().Count() == 1, "has different SE ratios per stage");
                Require(spec.Stages.All(s => s.Stride == 2), "has a stage of stride 1 (every RegNet stage has stride 2)");
                Require(spec.Stages.All(s => s.Kernel == 3), "has a spatial kernel other than 3");
                break;
            case WeightFamily.ResNet:
                Require(spec.Stem.Width == 64, $"has a stem of width {spec.Stem.Width} (64 expected)");
                Require(spec.Activation == ActivationType.Relu, "uses SiLU (ReLU expected)");
                Require(spec.Head.Width == 0, "has a head conv");
                Require(spec.Stages.All(s => s.Block == BlockType.X), "has SE (Y) blocks");
                Require(spec.Stages.Count == 4 && spec.Stages.Select(s => s.Stride).SequenceEqual([1, 2, 2, 2]), "does not have four stages of strides 1, 2, 2, 2");
                Require(spec.Stages.All(s => s.Kernel == 3), "has a spatial kernel other than 3");
                break;
            case WeightFamily.EfficientNet:
                Require(spec.Stem.Type == StemType.Simple, $"has a {spec.Stem.Type.ToString().ToLowerInvariant()} stem (a 3×3 stride-2 simple stem expected)");
                Require(spec.Activation == ActivationType.Silu, "uses ReLU (SiLU expected)");
                Require(spec.Head.Width > 0, "has no head conv");
                Require(spec.Stages.All(s => s.SeRatio == 0.25), "has an SE ratio other than 0.25");
                if (convention == WeightConvention.Timm)
                {
                    // timm builds expansion-1 blocks as DepthwiseSeparableConv only in the first stage ('ds' in its arch
                    // definition); later ones are InvertedResidual with a 1×1 conv that NetSpace's MBConv leaves out.
                    Require(spec.Stages.Skip(1).All(s => s.Expansion != 1), "has expansion 1 after the first stage");
                }

                break;
        }
    }
}
