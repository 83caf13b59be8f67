using System.Globalization;

namespace NetSpace.Analysis;

/// <summary>
/// A quantity measured over several seeds: mean, sample standard deviation (n − 1) and the 95% Student-t interval
/// of the mean (mean ± t₀.₉₇₅(n − 1)·std/√n; no interval for one value).
/// </summary>
/// <param name="Mean">Mean of the values.</param>
/// <param name="Std">Sample standard deviation (0 for one value).</param>
/// <param name="N">Number of values.</param>
/// <param name="Low">Lower end of the 95% interval of the mean (null for one value).</param>
/// <param name="High">Upper end of the 95% interval of the mean (null for one value).</param>
public sealed record SeedSummary(double Mean, double Std, int N, double? Low, double? High)
{
    // Two-sided 95% quantiles t(0.975, df) for df = 1…30 (standard tables, three decimals).
    private static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>Summarises <paramref name="values"/> (at least one).</summary>
    public static SeedSummary Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("no values to summarise", nameof(values));
        }

        int n = values.Count;
        double mean = values.Average();
        if (n == 1)
        {
            return new SeedSummary(mean, 0, 1, null, null);
        }

        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        double half = TQuantile975(n - 1) * std / Math.Sqrt(n);
        return new SeedSummary(mean, std, n, mean - half, mean + half);
    }

    /// <summary>t(0.975, df): tabulated to 30 degrees of freedom, then 1.96 + 2.4/df (within 0.002 of the exact value).</summary>
    public static double TQuantile975(int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        return degreesOfFreedom <= T975.Length ? T975[degreesOfFreedom - 1] : 1.96 + (2.4 / degreesOfFreedom);
    }

    /// <summary>"93.12 ± 0.23 (95% CI 92.9–93.3, n = 3)" with values scaled by <paramref name="scale"/> (100 for percent).</summary>
    public string Format(double scale = 1, string number = "0.00") =>
        Low is double low && High is double high
            ? string.Create(CultureInfo.InvariantCulture, $"{(Mean * scale).ToString(number, CultureInfo.InvariantCulture)} ± {(Std * scale).ToString(number, CultureInfo.InvariantCulture)} (95% CI {(low * scale).ToString(number, CultureInfo.InvariantCulture)}–{(high * scale).ToString(number, CultureInfo.InvariantCulture)}, n = {N})")
            : string.Create(CultureInfo.InvariantCulture, $"{(Mean * scale).ToString(number, CultureInfo.InvariantCulture)} (n = 1)");
}
