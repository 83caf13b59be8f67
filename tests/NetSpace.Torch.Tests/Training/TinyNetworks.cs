using NetSpace.Specs;

namespace NetSpace.Tests.Training;

/// <summary>The small X + Y (with SE) network the training tests share: 12 px, one channel, 4 classes.</summary>
internal static class TinyNetworks
{
    public static NetworkSpec XY(double dropout = 0) => new()
    {
        Input = new InputSpec { Size = 12, Channels = 1 },
        Stem = new StemSpec { Type = StemType.Small, Width = 8 },
        Stages =
        [
            new StageSpec { Block = BlockType.X, Depth = 1, Width = 16, Stride = 2, GroupWidth = 8 },
            new StageSpec { Block = BlockType.Y, Depth = 1, Width = 16, Stride = 2, GroupWidth = 8, SeRatio = 0.25 },
        ],
        Head = new HeadSpec { Classes = 4, Dropout = dropout },
    };
}
