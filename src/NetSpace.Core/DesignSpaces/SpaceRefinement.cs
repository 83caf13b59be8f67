using System.Globalization;

namespace NetSpace.DesignSpaces;

/// <summary>
/// Refines a RegNet design space the way the paper does (§3.3–3.4): each of d, w0, wa, wm and g is
/// restricted to the range where the best models of a population lie (an empirical-bootstrap interval),
/// keeping the parent's distribution types, quanta, template and windows. A bound is widened to the
/// distribution's grid (never past the parent's range), so every value the parent could draw inside the
/// interval can still be drawn.
/// </summary>
public static class SpaceRefinement
{
    /// <summary>The refinable parameters: the keys of <c>ranges</c> and the analysis names they come from.</summary>
    public static IReadOnlyList<(string Key, string AnalysisName)> Parameters { get; } =
    [
        ("d", "regnet_d"),
        ("w0", "regnet_w0"),
        ("wa", "regnet_wa"),
        ("wm", "regnet_wm"),
        ("g", "regnet_g"),
    ];

    /// <summary>
    /// The parent restricted to <paramref name="ranges"/> (keys d, w0, wa, wm, g; any subset). Throws
    /// <see cref="ArgumentException"/> when the parent is not a RegNet space or a range is empty or not finite.
    /// </summary>
    public static DesignSpaceDefinition Refine(DesignSpaceDefinition parent, IReadOnlyDictionary<string, (double Low, double High)> ranges, string name, string description)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(ranges);
        var regnet = parent.RegNet ?? throw new ArgumentException($"space '{parent.Name}' is not a RegNet space: only d, w0, wa, wm and g ranges can be refined", nameof(parent));
        foreach (var (key, (low, high)) in ranges)
        {
            if (!Parameters.Any(p => p.Key == key))
            {
                throw new ArgumentException($"'{key}' is not a RegNet parameter (d, w0, wa, wm, g)", nameof(ranges));
            }

            if (!double.IsFinite(low) || !double.IsFinite(high) || low > high)
            {
                throw new ArgumentException($"{key}: range [{low}, {high}] must be finite with low ≤ high", nameof(ranges));
            }
        }

        ParameterDistribution? Restricted(string key, ParameterDistribution? d) =>
            d is not null && ranges.TryGetValue(key, out var r) ? Restrict(d, r.Low, r.High) : d;

        return parent with
        {
            Name = name,
            Description = description,
            RegNet = regnet with
            {
                Depth = Restricted("d", regnet.Depth),
                W0 = Restricted("w0", regnet.W0),
                Wa = Restricted("wa", regnet.Wa),
                Wm = Restricted("wm", regnet.Wm),
                GroupWidth = Restricted("g", regnet.GroupWidth),
            },
        };
    }

    /// <summary>
    /// <paramref name="distribution"/> restricted to [<paramref name="low"/>, <paramref name="high"/>], bounds widened
    /// outwards to its grid and clipped to its own range (an interval outside the range collapses to the nearest end).
    /// </summary>
    public static ParameterDistribution Restrict(ParameterDistribution distribution, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        switch (distribution)
        {
            case UniformDistribution u:
            {
                var (lo, hi) = Snap(u.Low, u.High, u.Quantum, low, high);
                return new UniformDistribution(lo, hi, u.Quantum);
            }

            case LogUniformDistribution l:
            {
                var (lo, hi) = Snap(l.Low, l.High, l.Quantum, low, high);
                return new LogUniformDistribution(lo, hi, l.Quantum);
            }

            case Power2OrLogDistribution p:
            {
                // Above the quantum the values are multiples of it (log-uniform); below it, powers of two.
                if (low >= p.Quantum)
                {
                    var (lo, hi) = Snap(Math.Max(p.Low, p.Quantum), p.High, p.Quantum, low, high);
                    return lo == hi ? new FixedDistribution(lo) : new LogUniformDistribution(lo, hi, p.Quantum);
                }

                return new Power2OrLogDistribution(Math.Max(p.Low, Pow2Floor(low)), Math.Min(p.High, Pow2Ceiling(high)), p.Quantum);
            }

            case Power2Distribution p:
                return new Power2Distribution(Math.Min(p.High, Math.Max(p.Low, Pow2Floor(low))), Math.Max(p.Low, Math.Min(p.High, Pow2Ceiling(high))), p.Quantum);

            case ChoiceDistribution c:
            {
                var inside = c.Values().Where(v => v >= low && v <= high).ToArray();
                return new ChoiceDistribution(inside.Length > 0 ? inside : [c.Values().MinBy(v => Math.Min(Math.Abs(v - low), Math.Abs(v - high)))]);
            }

            default:
                return distribution; // fixed: nothing to restrict
        }
    }

    /// <summary>One line per refined parameter: parent → refined.</summary>
    public static IEnumerable<string> Describe(DesignSpaceDefinition parent, DesignSpaceDefinition refined)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(refined);
        var pairs = new (string Key, ParameterDistribution? Before, ParameterDistribution? After)[]
        {
            ("d", parent.RegNet?.Depth, refined.RegNet?.Depth),
            ("w0", parent.RegNet?.W0, refined.RegNet?.W0),
            ("wa", parent.RegNet?.Wa, refined.RegNet?.Wa),
            ("wm", parent.RegNet?.Wm, refined.RegNet?.Wm),
            ("g", parent.RegNet?.GroupWidth, refined.RegNet?.GroupWidth),
        };
        return pairs.Where(p => p.Before is not null).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key,-3} {p.Before!.Describe()} → {p.After!.Describe()}"));
    }

    private static (double Low, double High) Snap(double min, double max, double quantum, double low, double high)
    {
        double lo = Math.Clamp(Math.Floor((low / quantum) + 1e-9) * quantum, min, max);
        double hi = Math.Clamp(Math.Ceiling((high / quantum) - 1e-9) * quantum, min, max);
        lo = Math.Round(lo, 9);
        hi = Math.Round(hi, 9);
        return lo <= hi ? (lo, hi) : (hi, hi);
    }

    private static double Pow2Floor(double x) => x <= 1 ? 1 : Math.Pow(2, Math.Floor(Math.Log2(x) + 1e-12));

    private static double Pow2Ceiling(double x) => x <= 1 ? 1 : Math.Pow(2, Math.Ceiling(Math.Log2(x) - 1e-12));
}
