using NetSpace.Specs;

namespace NetSpace.Zoo;

/// <summary>EfficientNet B0–B5 as configured in pycls (<c>configs/dds_baselines/effnet</c>), the RegNet paper's baseline.</summary>
public static class EfficientNetModels
{
    /// <summary>Named configurations.</summary>
    public static readonly IReadOnlyDictionary<string, EfficientNetParameters> Configs = new Dictionary<string, EfficientNetParameters>
    {
        ["b0"] = new() { StemWidth = 32, Depths = [1, 2, 2, 3, 3, 4, 1], Widths = [16, 24, 40, 80, 112, 192, 320], HeadWidth = 1280, Resolution = 224, Dropout = 0.2 },
        ["b1"] = new() { StemWidth = 32, Depths = [2, 3, 3, 4, 4, 5, 2], Widths = [16, 24, 40, 80, 112, 192, 320], HeadWidth = 1280, Resolution = 240, Dropout = 0.2 },
        ["b2"] = new() { StemWidth = 32, Depths = [2, 3, 3, 4, 4, 5, 2], Widths = [16, 24, 48, 88, 120, 208, 352], HeadWidth = 1408, Resolution = 260, Dropout = 0.3 },
        ["b3"] = new() { StemWidth = 40, Depths = [2, 3, 3, 5, 5, 6, 2], Widths = [24, 32, 48, 96, 136, 232, 384], HeadWidth = 1536, Resolution = 300, Dropout = 0.3 },
        ["b4"] = new() { StemWidth = 48, Depths = [2, 4, 4, 6, 6, 8, 2], Widths = [24, 32, 56, 112, 160, 272, 448], HeadWidth = 1792, Resolution = 380, Dropout = 0.4 },
        ["b5"] = new() { StemWidth = 48, Depths = [3, 5, 5, 7, 7, 9, 3], Widths = [24, 40, 64, 128, 176, 304, 512], HeadWidth = 2048, Resolution = 456, Dropout = 0.4 },
    };

    /// <summary>Zoo entries efficientnet-b0 … efficientnet-b5.</summary>
    public static IEnumerable<ZooEntry> Entries() =>
        Configs.Select(kv => new ZooEntry(
            $"efficientnet-{kv.Key}",
            "efficientnet",
            $"EfficientNet-{kv.Key.ToUpperInvariant()} ({kv.Value.Resolution} px), pycls baseline",
            () => kv.Value.ToSpec($"efficientnet-{kv.Key}")));
}
