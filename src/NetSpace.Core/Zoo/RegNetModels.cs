using System.Globalization;
using NetSpace.Specs;

namespace NetSpace.Zoo;

/// <summary>
/// The RegNetX and RegNetY models of the paper (Radosavovic et al. 2020, Appendix; pycls
/// <c>configs/dds_baselines</c>): (d, w0, wa, wm, g) per flops regime, b = 1, simple stem of width 32.
/// </summary>
public static class RegNetModels
{
    /// <summary>The flops regimes, in the paper's naming.</summary>
    public static readonly string[] Regimes = ["200mf", "400mf", "600mf", "800mf", "1.6gf", "3.2gf", "4.0gf", "6.4gf", "8.0gf", "12gf", "16gf", "32gf"];

    // (d, w0, wa, wm, g) in the order of Regimes.
    private static readonly (int D, int W0, double Wa, double Wm, int G)[] XConfigs =
    [
        (13, 24, 36.44, 2.49, 8), (22, 24, 24.48, 2.54, 16), (16, 48, 36.97, 2.24, 24), (16, 56, 35.73, 2.28, 16),
        (18, 80, 34.01, 2.25, 24), (25, 88, 26.31, 2.25, 48), (23, 96, 38.65, 2.43, 40), (17, 184, 60.83, 2.07, 56),
        (23, 80, 49.56, 2.88, 120), (19, 168, 73.36, 2.37, 112), (22, 216, 55.59, 2.1, 128), (23, 320, 69.86, 2.0, 168),
    ];

    private static readonly (int D, int W0, double Wa, double Wm, int G)[] YConfigs =
    [
        (13, 24, 36.44, 2.49, 8), (16, 48, 27.89, 2.09, 8), (15, 48, 32.54, 2.32, 16), (14, 56, 38.84, 2.4, 16),
        (27, 48, 20.71, 2.65, 24), (21, 80, 42.63, 2.66, 24), (22, 96, 31.41, 2.24, 64), (25, 112, 33.22, 2.27, 72),
        (17, 192, 76.82, 2.19, 56), (19, 168, 73.36, 2.37, 112), (18, 200, 106.23, 2.48, 112), (20, 232, 115.89, 2.53, 232),
    ];

    /// <summary>Zoo entries for every RegNetX and RegNetY regime.</summary>
    public static IEnumerable<ZooEntry> Entries()
    {
        for (int i = 0; i < Regimes.Length; i++)
        {
            yield return Entry("regnetx", Regimes[i], XConfigs[i], seRatio: 0);
        }

        for (int i = 0; i < Regimes.Length; i++)
        {
            yield return Entry("regnety", Regimes[i], YConfigs[i], seRatio: 0.25);
        }
    }

    private static ZooEntry Entry(string family, string regime, (int D, int W0, double Wa, double Wm, int G) c, double seRatio)
    {
        var p = new RegNetParameters { Depth = c.D, W0 = c.W0, Wa = c.Wa, Wm = c.Wm, GroupWidth = c.G, SeRatio = seRatio };
        string name = $"{family}-{regime}";
        string description = string.Create(
            CultureInfo.InvariantCulture,
            $"{(seRatio > 0 ? "RegNetY" : "RegNetX")} {regime.ToUpperInvariant()}: d={c.D} w0={c.W0} wa={c.Wa} wm={c.Wm} g={c.G}{(seRatio > 0 ? " se=0.25" : string.Empty)}");
        return new ZooEntry(name, family, description, () => RegNetGenerator.ToSpec(p, name));
    }
}
