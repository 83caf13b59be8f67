using NetSpace.Zoo;

namespace NetSpace.Interop.PyTorch;

/// <summary>
/// Which NetSpace spec each torchvision/timm model name stands for. torchvision's RegNets have specs of their own
/// (<c>tv-regnet_*</c>, see <see cref="TorchvisionRegNetModels"/>); torchvision's and timm's EfficientNet-B0…B4 and
/// ResNet-50 have exactly the layers of NetSpace's <c>efficientnet-bN</c> and <c>resnet-50</c>; timm's plain
/// <c>regnetx_*</c>/<c>regnety_*</c> follow pycls (NetSpace's <c>regnetx-*</c>/<c>regnety-*</c>) and its <c>*_tv</c>
/// variants follow torchvision.
/// </summary>
public static class PretrainedArchitectures
{
    private static readonly string[] Regimes = ["200mf", "400mf", "600mf", "800mf", "1.6gf", "3.2gf", "4.0gf", "6.4gf", "8.0gf", "12gf", "16gf", "32gf"];
    private static readonly string[] TimmRegimes = ["002", "004", "006", "008", "016", "032", "040", "064", "080", "120", "160", "320"];

    private static readonly Lazy<IReadOnlyList<PretrainedArchitecture>> AllArchitectures = new(Build);

    /// <summary>Every known name.</summary>
    public static IReadOnlyList<PretrainedArchitecture> All => AllArchitectures.Value;

    /// <summary>The architecture of a library's model name (case-insensitive); throws with the known names otherwise.</summary>
    public static PretrainedArchitecture Get(WeightConvention convention, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var found = All.FirstOrDefault(a => a.Convention == convention && string.Equals(a.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (found is not null)
        {
            return found;
        }

        var names = All.Where(a => a.Convention == convention).Select(a => a.Name).ToArray();
        var close = NetSpace.Text.NameSuggester.Suggest(name, names);
        throw new WeightMappingException(
            $"--arch: '{name}' is not a {Label(convention)} model NetSpace can map"
            + (close.Count > 0 ? $"; did you mean {string.Join(", ", close)}?" : string.Empty)
            + $" (known: {string.Join(", ", names)})");
    }

    /// <summary>The known names of a convention whose zoo spec equals <paramref name="zooName"/>.</summary>
    public static IEnumerable<PretrainedArchitecture> ForZooName(WeightConvention convention, string zooName) =>
        All.Where(a => a.Convention == convention && a.ZooName == zooName);

    /// <summary>Lower-case label of a convention (<c>torchvision</c>, <c>timm</c>).</summary>
    public static string Label(WeightConvention convention) => convention == WeightConvention.Timm ? "timm" : "torchvision";

    private static List<PretrainedArchitecture> Build()
    {
        var list = new List<PretrainedArchitecture>();
        foreach (string name in TorchvisionRegNetModels.TorchvisionNames)
        {
            list.Add(new(WeightConvention.Torchvision, name, "tv-" + name, WeightFamily.RegNet));
        }

        for (int b = 0; b <= 4; b++)
        {
            list.Add(new(WeightConvention.Torchvision, $"efficientnet_b{b}", $"efficientnet-b{b}", WeightFamily.EfficientNet));
        }

        list.Add(new(WeightConvention.Torchvision, "resnet50", "resnet-50", WeightFamily.ResNet));
        for (int i = 0; i < Regimes.Length; i++)
        {
            list.Add(new(WeightConvention.Timm, $"regnetx_{TimmRegimes[i]}", $"regnetx-{Regimes[i]}", WeightFamily.RegNet));
            list.Add(new(WeightConvention.Timm, $"regnety_{TimmRegimes[i]}", $"regnety-{Regimes[i]}", WeightFamily.RegNet));
        }

        // timm's torchvision-compatible RegNets (group_min_ratio 0.9 = torchvision's _make_divisible).
        list.Add(new(WeightConvention.Timm, "regnetx_004_tv", "tv-regnet_x_400mf", WeightFamily.RegNet));
        list.Add(new(WeightConvention.Timm, "regnety_008_tv", "tv-regnet_y_800mf", WeightFamily.RegNet));
        list.Add(new(WeightConvention.Timm, "regnety_080_tv", "tv-regnet_y_8gf", WeightFamily.RegNet));
        for (int b = 0; b <= 4; b++)
        {
            list.Add(new(WeightConvention.Timm, $"efficientnet_b{b}", $"efficientnet-b{b}", WeightFamily.EfficientNet));
        }

        list.Add(new(WeightConvention.Timm, "resnet50", "resnet-50", WeightFamily.ResNet));
        return list;
    }
}
