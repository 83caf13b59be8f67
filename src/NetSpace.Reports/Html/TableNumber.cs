using System.Globalization;
using NetSpace.Text;

namespace NetSpace.Reports;

/// <summary>Numbers in the report's tables: large whole numbers as 1.60M / 870K (as the CLI prints them), others with up to four decimals.</summary>
public static class TableNumber
{
    /// <summary>The cell text for <paramref name="value"/>.</summary>
    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "–";
        }

        if (Math.Abs(value) >= 10_000 && value == Math.Floor(value) && Math.Abs(value) < long.MaxValue)
        {
            return Units.Count((long)value);
        }

        return value.ToString("0.####", CultureInfo.InvariantCulture);
    }
}
