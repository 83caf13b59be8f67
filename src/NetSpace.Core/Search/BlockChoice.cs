using System.Globalization;
using System.Text.RegularExpressions;

namespace NetSpace.Search;

/// <summary>A block choice: skip, or an inverted residual with kernel k, expansion e and optional SE (ratio 0.25 of the input width).</summary>
public sealed partial record BlockChoice(string Label, bool Skip, int Kernel, double Expansion, bool SqueezeExcitation)
{
    /// <summary>SE ratio of the <c>_se</c> choices (EfficientNet's, squeeze width int(0.25·w_in)).</summary>
    public const double SeRatio = 0.25;

    /// <summary>Parses <c>skip</c> or <c>k3e6</c>, <c>k5e3_se</c>, <c>k3e1.5</c>.</summary>
    /// <exception cref="FormatException">Anything else.</exception>
    public static BlockChoice Parse(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (label == "skip")
        {
            return new BlockChoice(label, true, 0, 0, false);
        }

        var m = Pattern().Match(label);
        if (!m.Success)
        {
            throw new FormatException($"'{label}' is not a block choice (expected skip or k<kernel>e<expansion>[_se], e.g. k3e6, k5e3_se)");
        }

        int k = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        double e = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        if (k is not (1 or 3 or 5 or 7) || e < 1 || e > 8)
        {
            throw new FormatException($"'{label}': kernel must be 1, 3, 5 or 7 and expansion in 1…8");
        }

        return new BlockChoice(label, false, k, e, m.Groups[3].Success);
    }

    [GeneratedRegex(@"^k(\d+)e(\d+(?:\.\d+)?)(_se)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
