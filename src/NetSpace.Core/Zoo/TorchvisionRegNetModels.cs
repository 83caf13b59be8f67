using System.Globalization;
using NetSpace.Specs;

namespace NetSpace.Zoo;

/// <summary>
/// torchvision's RegNets (<c>torchvision.models.regnet_x_400mf</c> …) as specs of their own, so that torchvision's
/// pretrained weights fit exactly. torchvision starts from the paper's (d, w0, wa, wm, g) but makes bottleneck widths
/// divisible by the group width with <c>_make_divisible</c> (round to the nearest multiple, never below 90 %) where pycls
/// rounds to the nearest multiple, so several models get other stage widths: torchvision's regnet_x_400mf has
/// 5,495,976 parameters, pycls's RegNetX-400MF 5,157,512. The stages below are read off torchvision 0.14's built modules
/// (depth, width, group width; bottleneck 1, stride 2 per stage) and checked by <c>scripts/interop/torchvision_fixtures.py</c>.
/// </summary>
public static class TorchvisionRegNetModels
{
    // torchvision name → per stage (depth, width, group width). se = SE ratio (0.25 for regnet_y_*).
    private static readonly (string Name, double Se, (int D, int W, int G)[] Stages)[] Configs =
    [
        ("regnet_x_400mf", 0, [(1, 32, 16), (2, 64, 16), (7, 160, 16), (12, 400, 16)]),
        ("regnet_x_800mf", 0, [(1, 64, 16), (3, 128, 16), (7, 288, 16), (5, 672, 16)]),
        ("regnet_x_1_6gf", 0, [(2, 72, 24), (4, 168, 24), (10, 408, 24), (2, 912, 24)]),
        ("regnet_x_3_2gf", 0, [(2, 96, 48), (6, 192, 48), (15, 432, 48), (2, 1008, 48)]),
        ("regnet_x_8gf", 0, [(2, 80, 80), (5, 240, 120), (15, 720, 120), (1, 1920, 120)]),
        ("regnet_x_16gf", 0, [(2, 256, 128), (6, 512, 128), (13, 896, 128), (1, 2048, 128)]),
        ("regnet_x_32gf", 0, [(2, 336, 168), (7, 672, 168), (13, 1344, 168), (1, 2520, 168)]),
        ("regnet_y_400mf", 0.25, [(1, 48, 8), (3, 104, 8), (6, 208, 8), (6, 440, 8)]),
        ("regnet_y_800mf", 0.25, [(1, 64, 16), (3, 144, 16), (8, 320, 16), (2, 784, 16)]),
        ("regnet_y_1_6gf", 0.25, [(2, 48, 24), (6, 120, 24), (17, 336, 24), (2, 888, 24)]),
        ("regnet_y_3_2gf", 0.25, [(2, 72, 24), (5, 216, 24), (13, 576, 24), (1, 1512, 24)]),
        ("regnet_y_8gf", 0.25, [(2, 224, 56), (4, 448, 56), (10, 896, 56), (1, 2016, 56)]),
        ("regnet_y_16gf", 0.25, [(2, 224, 112), (4, 448, 112), (11, 1232, 112), (1, 3024, 112)]),
        ("regnet_y_32gf", 0.25, [(2, 232, 232), (5, 696, 232), (12, 1392, 232), (1, 3712, 232)]),
        ("regnet_y_128gf", 0.25, [(2, 528, 264), (7, 1056, 264), (17, 2904, 264), (1, 7392, 264)]),
    ];

    /// <summary>The torchvision model names covered (e.g. <c>regnet_x_400mf</c>).</summary>
    public static IEnumerable<string> TorchvisionNames => Configs.Select(c => c.Name);

    /// <summary>Zoo entries <c>tv-regnet_x_400mf</c> … <c>tv-regnet_y_128gf</c>.</summary>
    public static IEnumerable<ZooEntry> Entries() =>
        Configs.Select(c => new ZooEntry(
            "tv-" + c.Name,
            "tv-regnet",
            string.Create(
                CultureInfo.InvariantCulture,
                $"torchvision {c.Name} (widths {string.Join('/', c.Stages.Select(s => s.W))}, group width {c.Stages[^1].G}; torchvision's rounding, not pycls's)"),
            () => ToSpec(c.Name, c.Se, c.Stages)));

    private static NetworkSpec ToSpec(string name, double se, (int D, int W, int G)[] stages) => new()
    {
        Name = "tv-" + name,
        Input = new InputSpec { Size = 224, Channels = 3 },
        Activation = ActivationType.Relu,
        Stem = new StemSpec { Type = StemType.Simple, Width = 32 },
        Stages = stages.Select(s => new StageSpec
        {
            Block = se > 0 ? BlockType.Y : BlockType.X,
            Depth = s.D,
            Width = s.W,
            Stride = 2,
            Bottleneck = 1.0,
            GroupWidth = s.G,
            SeRatio = se,
        }).ToArray(),
        Head = new HeadSpec { Width = 0, Classes = 1000 },
    };
}
