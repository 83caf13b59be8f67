using System.Globalization;

namespace NetSpace.DesignSpaces;

/// <summary>
/// pycls's <c>quantize(f, q, op)</c>: <c>Decimal(op(f / q)) * Decimal(str(q))</c>, converted to q's type.
/// The product is exact in decimal and then rounded once to the nearest double, so a draw of
/// wm with q = 0.001 gives the double nearest to 2.345, not 2345·0.001 = 2.3450000000000002.
/// </summary>
internal readonly struct Quantizer
{
    private readonly double quantum;
    private readonly bool integral;
    private readonly double divisor;
    private readonly decimal decimalQuantum;

    public Quantizer(double quantum)
    {
        this.quantum = quantum;
        integral = quantum == Math.Floor(quantum);
        decimalQuantum = ToDecimal(quantum);
        divisor = 0;
        if (!integral)
        {
            // q = 1/n exactly (0.1, 0.001, 1/128): Decimal(k)·Decimal(str(q)) = k/n exactly, and one IEEE
            // division rounds k/n correctly, which is what float(Decimal) does.
            double n = Math.Round(1 / quantum);
            if (n >= 1 && n < 1e15 && decimalQuantum * (decimal)n == 1m)
            {
                divisor = n;
            }
        }
    }

    /// <summary>floor(f/q)·q.</summary>
    public double Floor(double f) => Scale(Math.Floor(f / quantum));

    /// <summary>ceil(f/q)·q.</summary>
    public double Ceiling(double f) => Scale(Math.Ceiling(f / quantum));

    /// <summary>k·q as pycls computes it (exact decimal product, rounded once).</summary>
    public double Scale(double k)
    {
        if (integral)
        {
            return k * quantum;
        }

        if (divisor > 0)
        {
            return k / divisor;
        }

        decimal product = (decimal)k * decimalQuantum;
        return double.Parse(product.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Python's <c>Decimal(str(x))</c>: the shortest decimal that round-trips to <paramref name="x"/>.</summary>
    public static decimal ToDecimal(double x) =>
        decimal.Parse(x.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="x"/> is an integer multiple of <paramref name="m"/> in decimal (pycls <c>validate_rand</c>).</summary>
    public static bool IsMultiple(double x, double m)
    {
        if (!double.IsFinite(x) || !double.IsFinite(m) || m <= 0 || Math.Abs(x) > 7.9e27 || m < 1e-27)
        {
            return false;
        }

        return ToDecimal(x) % ToDecimal(m) == 0;
    }

    /// <summary>Number of multiples of q from lo to hi inclusive (both multiples of q).</summary>
    public static double Count(double lo, double hi, double q) =>
        (double)((ToDecimal(hi) - ToDecimal(lo)) / ToDecimal(q)) + 1;
}
