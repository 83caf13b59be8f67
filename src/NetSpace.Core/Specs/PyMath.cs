namespace NetSpace.Specs;

/// <summary>
/// Python/numpy arithmetic that pycls relies on, so generated architectures match it bit for bit.
/// </summary>
public static class PyMath
{
    /// <summary>Python's <c>round(x)</c> / numpy's <c>np.round</c>: nearest integer, ties to even.</summary>
    public static long Round(double x) => (long)Math.Round(x, MidpointRounding.ToEven);

    /// <summary>Python's <c>int(x)</c> for a float: truncation toward zero.</summary>
    public static long Int(double x) => (long)Math.Truncate(x);

    /// <summary>Greatest common divisor of two positive integers.</summary>
    public static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return Math.Abs(a);
    }

    /// <summary>Least common multiple (numpy <c>np.lcm</c>) of two positive integers.</summary>
    public static long Lcm(long a, long b) => a == 0 || b == 0 ? 0 : Math.Abs(a / Gcd(a, b) * b);
}
