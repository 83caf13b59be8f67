using NetSpace.Specs;

namespace NetSpace.Zoo;

/// <summary>
/// ResNet-50 written as an AnyNet: resnet stem of width 64, X blocks with bottleneck ratio 1/4 and a
/// single group (group width = bottleneck width), stride in the 3×3 conv (torchvision's v1.5).
/// </summary>
public static class ResNetModels
{
    /// <summary>Zoo entries (resnet-50).</summary>
    public static IEnumerable<ZooEntry> Entries()
    {
        yield return new ZooEntry("resnet-50", "resnet", "ResNet-50 (torchvision resnet50 architecture) as an AnyNet", () => ResNet("resnet-50", [3, 4, 6, 3]));
    }

    private static NetworkSpec ResNet(string name, int[] depths)
    {
        int[] widths = [256, 512, 1024, 2048];
        int[] strides = [1, 2, 2, 2];
        return new NetworkSpec
        {
            Name = name,
            Input = new InputSpec { Size = 224, Channels = 3 },
            Activation = ActivationType.Relu,
            Stem = new StemSpec { Type = StemType.ResNet, Width = 64 },
            Stages = Enumerable.Range(0, 4).Select(i => new StageSpec
            {
                Block = BlockType.X,
                Depth = depths[i],
                Width = widths[i],
                Stride = strides[i],
                Bottleneck = 0.25,
                GroupWidth = widths[i] / 4,
            }).ToArray(),
            Head = new HeadSpec { Width = 0, Classes = 1000 },
        };
    }
}
