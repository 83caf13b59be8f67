using System.Globalization;

namespace NetSpace.DesignSpaces;

/// <summary>An inclusive window [Min, Max] on flops, params or acts; either end may be open.</summary>
/// <param name="Min">Lower bound, or null.</param>
/// <param name="Max">Upper bound, or null.</param>
public sealed record ComplexityWindow(long? Min, long? Max)
{
    /// <summary>Whether <paramref name="value"/> lies in the window.</summary>
    public bool Contains(long value) => (Min is null || value >= Min) && (Max is null || value <= Max);

    /// <summary>
    /// Parses <c>LO:HI</c> with optional K/M/G suffixes (powers of 1000, as the paper's MF/GF), either side
    /// may be empty: <c>8M:12M</c>, <c>:400M</c>, <c>1.5G:</c>. Throws <see cref="FormatException"/> naming the text.
    /// </summary>
    public static ComplexityWindow Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':');
        if (parts.Length != 2)
        {
            throw new FormatException($"'{text}' is not a window LO:HI (e.g. 8M:12M, :400M)");
        }

        long? lo = ParseAmount(parts[0], text);
        long? hi = ParseAmount(parts[1], text);
        if (lo is not null && hi is not null && lo > hi)
        {
            throw new FormatException($"'{text}': the lower bound exceeds the upper bound");
        }

        return new ComplexityWindow(lo, hi);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Format(Min)}:{Format(Max)}";

    /// <summary>Parses one amount such as <c>400M</c>, <c>1.5G</c>, <c>30MF</c> or <c>250000</c>.</summary>
    /// <exception cref="FormatException">Not an amount, or empty.</exception>
    public static long ParseAmount(string text) => ParseAmount(text, text) ?? throw new FormatException($"'{text}' is not an amount (e.g. 400M, 1.5G, 250000)");

    private static long? ParseAmount(string part, string whole)
    {
        string s = part.Trim().TrimEnd('F', 'f');
        if (s.Length == 0)
        {
            return null;
        }

        double factor = 1;
        switch (char.ToUpperInvariant(s[^1]))
        {
            case 'K': factor = 1e3; s = s[..^1]; break;
            case 'M': factor = 1e6; s = s[..^1]; break;
            case 'G': factor = 1e9; s = s[..^1]; break;
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0 || !double.IsFinite(value))
        {
            throw new FormatException($"'{whole}': '{part}' is not an amount (e.g. 400M, 1.5G, 250000)");
        }

        return (long)Math.Round(value * factor);
    }

    private static string Format(long? v) => v?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
}
