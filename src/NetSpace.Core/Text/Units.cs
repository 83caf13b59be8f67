using System.Globalization;

namespace NetSpace.Text;

/// <summary>
/// Numbers the way the RegNet paper and pycls print them: three significant digits with an SI prefix
/// (<c>398MF</c>, <c>1.60GF</c>, <c>5.16M</c> params), plus exact integers with thousands separators.
/// </summary>
public static class Units
{
    private static readonly string[] Prefixes = [string.Empty, "K", "M", "G", "T", "P"];

    /// <summary>Multiply-adds: <c>385KF</c>, <c>199MF</c>, <c>1.60GF</c>, <c>31.7GF</c>.</summary>
    public static string Flops(long flops) => Short(flops) + "F";

    /// <summary>A count (parameters, activations): <c>928</c>, <c>401K</c>, <c>5.16M</c>.</summary>
    public static string Count(long count) => Short(count);

    /// <summary>An exact integer with thousands separators: <c>5,157,512</c>.</summary>
    public static string Exact(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A ratio or parameter without trailing zeros: <c>0.25</c>, <c>1</c>, <c>24.48</c>.</summary>
    public static string Decimal(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>A parameter value for tables and axes: whole numbers ≥ 1000 with an SI prefix (<c>1.6M</c>), else up to 3 decimals (<c>24</c>, <c>2.468</c>).</summary>
    public static string Value(double v) =>
        Math.Abs(v) >= 1000 && v == Math.Floor(v) ? Short((long)v)
        : v.ToString(Math.Abs(v) >= 10 ? "0.#" : "0.###", CultureInfo.InvariantCulture);

    /// <summary>A square feature map: <c>56×56</c>.</summary>
    public static string Map(int side) => string.Create(CultureInfo.InvariantCulture, $"{side}×{side}");

    /// <summary>Three significant digits with an SI prefix; integers below 1000 are printed exactly.</summary>
    public static string Short(long value)
    {
        if (Math.Abs(value) < 1000)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        double v = Math.Abs((double)value);
        int exponent = (int)Math.Floor(Math.Log10(v));
        double step = Math.Pow(10, exponent - 2);
        double rounded = Math.Round(v / step, MidpointRounding.AwayFromZero) * step;
        exponent = (int)Math.Floor(Math.Log10(rounded) + 1e-9);
        int prefix = Math.Min(exponent / 3, Prefixes.Length - 1);
        double scaled = rounded / Math.Pow(1000, prefix);
        int decimals = Math.Max(0, 2 - (exponent - (3 * prefix)));
        string sign = value < 0 ? "-" : string.Empty;
        return sign + scaled.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + Prefixes[prefix];
    }
}
