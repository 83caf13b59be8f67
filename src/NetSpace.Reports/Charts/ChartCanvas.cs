using NetSpace.Text;
using ScottPlot;

namespace NetSpace.Reports;

/// <summary>
/// Shared look of the report's charts (ScottPlot 5, rendered headless through SkiaSharp). Lines are solid:
/// Skia's SVG backend does not support dash effects (it prints a warning to stdout for every dashed path).
/// </summary>
internal static class ChartCanvas
{
    /// <summary>Width of a chart in pixels.</summary>
    public const int Width = 520;

    /// <summary>Height of a chart in pixels.</summary>
    public const int Height = 400;

    private static readonly ScottPlot.Palettes.Category10 Palette = new();
    private static readonly double[] NiceSteps = [1, 2, 2.5, 5, 10];

    /// <summary>The colour of series <paramref name="i"/> (one per sweep, as in pycls's plots).</summary>
    public static Color SeriesColor(int i) => Palette.GetColor(i);

    /// <summary>A new plot with the report's font and grid.</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, size: 15);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.1);
        return plot;
    }

    /// <summary>Renders <paramref name="plot"/> to SVG and PNG.</summary>
    public static Chart Render(Plot plot, string id, string title)
    {
        plot.Font.Set("DejaVu Sans"); // after every label exists: Set restyles the plot's current text
        return new(id, title, plot.GetSvgXml(Width, Height), plot.GetImageBytes(Width, Height, ImageFormat.Png));
    }

    /// <summary>
    /// Shows the legend below the data area, never over the data (<paramref name="where"/> is kept for the callers;
    /// the legend's panel takes its room from the chart's height).
    /// </summary>
    public static void Legend(Plot plot, Alignment where)
    {
        _ = where;
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontSize = 11;
    }

    /// <summary>
    /// Ticks for an axis whose data were transformed with log10, labelled in the original units: powers of 2
    /// (widths), 1-2-5 steps over a decade or more, or about five round values within a narrower range.
    /// </summary>
    public static void LogTicks(IAxis axis, double minValue, double maxValue, bool powersOfTwo = false)
    {
        var ticks = new List<double>();
        if (powersOfTwo)
        {
            for (int k = (int)Math.Floor(Math.Log2(minValue)); k <= (int)Math.Ceiling(Math.Log2(maxValue)); k++)
            {
                ticks.Add(Math.Pow(2, k));
            }
        }
        else if (maxValue / minValue >= 10)
        {
            for (int k = (int)Math.Floor(Math.Log10(minValue)); k <= (int)Math.Ceiling(Math.Log10(maxValue)); k++)
            {
                foreach (double m in (double[])[1, 2, 5])
                {
                    double v = m * Math.Pow(10, k);
                    if (v >= minValue / 1.05 && v <= maxValue * 1.05)
                    {
                        ticks.Add(v);
                    }
                }
            }
        }
        else
        {
            // Less than a decade: about five round values, evenly spaced in value.
            double raw = (maxValue - minValue) / 4;
            double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
            double step = NiceSteps.Select(m => m * magnitude).First(v => v >= raw);
            for (double v = Math.Ceiling(minValue / step) * step; v <= maxValue + (step / 1e6); v += step)
            {
                ticks.Add(v);
            }
        }

        axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            ticks.Select(Math.Log10).ToArray(),
            ticks.Select(Units.Value).ToArray());
    }
}
