using ScottPlot;

namespace NetSpace.Reports;

/// <summary>Ticks at whole numbers only, for axes such as epochs where 1.1 or 1.5 mean nothing.</summary>
internal static class IntegerTicks
{
    /// <summary>Sets ticks at about six whole numbers from <paramref name="min"/> to <paramref name="max"/> (every one when few).</summary>
    public static void Apply(IAxis axis, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(axis);
        int span = Math.Max(1, max - min);
        int step = span <= 6 ? 1 : (int)Math.Ceiling(span / 6.0);
        var ticks = new List<double>();
        for (int v = min; v <= max; v += step)
        {
            ticks.Add(v);
        }

        axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            ticks.ToArray(),
            ticks.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }
}
