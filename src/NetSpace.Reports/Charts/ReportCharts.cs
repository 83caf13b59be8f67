using System.Globalization;
using NetSpace.Text;
using ScottPlot;

namespace NetSpace.Reports;

/// <summary>
/// The charts of an analysis (pycls's <c>plotting.py</c> set): EDF and normalized-EDF overlays, error against
/// complexity, error trend per parameter with its bootstrap range, e_fit against error, and per sweep the
/// width profiles and training curves of the best and worst models.
/// </summary>
public static class ReportCharts
{
    /// <summary>Id of the error EDF overlay (its files are <c>plots/edf.svg</c> and <c>.png</c>).</summary>
    public const string EdfId = "edf";

    /// <summary>Id of the normalized error EDF overlay.</summary>
    public const string NormalizedEdfId = "edf-normalized";

    /// <summary>Every chart of <paramref name="summary"/>, in report order.</summary>
    public static IReadOnlyList<Chart> Render(AnalysisSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var charts = new List<Chart>
        {
            Edf(summary, normalized: false),
            Edf(summary, normalized: true),
        };
        foreach (string metric in (string[])["flops", "params", "acts"])
        {
            charts.Add(Complexity(summary, metric));
        }

        foreach (string name in TrendParameters(summary))
        {
            charts.Add(Trend(summary, name));
        }

        charts.Add(FitRelationChart(summary));
        for (int i = 0; i < summary.Sweeps.Count; i++)
        {
            charts.Add(Widths(summary.Sweeps[i], i));
            charts.Add(Curves(summary.Sweeps[i], i));
        }

        return charts;
    }

    /// <summary>Parameters with a trend in at least one sweep, in first-seen order (complexity has its own charts).</summary>
    public static IReadOnlyList<string> TrendParameters(AnalysisSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.Sweeps.SelectMany(s => s.Parameters).Select(p => p.Name)
            .Where(n => n is not ("flops" or "params" or "acts")).Distinct().ToArray();
    }

    private static Chart Edf(AnalysisSummary summary, bool normalized)
    {
        var plot = ChartCanvas.NewPlot(normalized ? $"Normalized EDF (uniform {summary.Options.Metric})" : "Error EDF", "error (%)", "cumulative prob.");
        for (int i = 0; i < summary.Sweeps.Count; i++)
        {
            var s = summary.Sweeps[i];
            var points = normalized ? s.NormalizedEdf : s.Edf;
            var xs = new List<double> { points[0][0] * 100 };
            var ys = new List<double> { 0 };
            foreach (var p in points)
            {
                xs.Add(p[0] * 100);
                ys.Add(p[1]);
            }

            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), ChartCanvas.SeriesColor(i));
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{s.Name}  n={s.Errors.N} min={s.Errors.Min * 100:0.0} med={s.Errors.Median * 100:0.0}");
        }

        plot.Axes.SetLimitsY(0, 1.02);
        ChartCanvas.Legend(plot, Alignment.LowerRight);
        return ChartCanvas.Render(plot, normalized ? NormalizedEdfId : EdfId, normalized ? "Normalized error EDF" : "Error EDF");
    }

    private static Chart Complexity(AnalysisSummary summary, string metric)
    {
        var plot = ChartCanvas.NewPlot($"Error vs {metric}", metric, "error (%)");
        double lo = double.MaxValue, hi = 0;
        for (int i = 0; i < summary.Sweeps.Count; i++)
        {
            var s = summary.Sweeps[i];
            var xs = s.Trials.Select(t => t.Values[metric]).ToArray();
            lo = Math.Min(lo, xs.Min());
            hi = Math.Max(hi, xs.Max());
            var points = plot.Add.ScatterPoints(xs.Select(Math.Log10).ToArray(), s.Trials.Select(t => t.Error * 100).ToArray(), ChartCanvas.SeriesColor(i));
            points.MarkerSize = 6;
            points.LegendText = s.Name;
        }

        ChartCanvas.LogTicks(plot.Axes.Bottom, lo, hi);
        ChartCanvas.Legend(plot, Alignment.UpperRight);
        return ChartCanvas.Render(plot, "complexity-" + metric, $"Error vs {metric}");
    }

    private static Chart Trend(AnalysisSummary summary, string name)
    {
        var info = summary.Sweeps.SelectMany(s => s.Parameters).First(p => p.Name == name);
        var plot = ChartCanvas.NewPlot(info.Label, info.Label, "error (%)");
        bool log = summary.Sweeps.SelectMany(s => s.Parameters).Where(p => p.Name == name).All(p => p.LogScale);
        double X(double v) => log ? Math.Log10(v) : v;
        double lo = double.MaxValue, hi = double.MinValue;
        for (int i = 0; i < summary.Sweeps.Count; i++)
        {
            var s = summary.Sweeps[i];
            var p = s.Parameters.FirstOrDefault(q => q.Name == name);
            if (p is null)
            {
                continue;
            }

            var color = ChartCanvas.SeriesColor(i);
            var span = plot.Add.HorizontalSpan(X(p.Low), X(p.High));
            span.FillStyle.Color = color.WithAlpha(0.12);
            span.LineStyle.Width = 0;
            var best = plot.Add.VerticalLine(X(p.Median), 2, color);
            var xs = s.Trials.Select(t => t.Values[name]).ToArray();
            lo = Math.Min(lo, xs.Min());
            hi = Math.Max(hi, xs.Max());
            var points = plot.Add.ScatterPoints(xs.Select(X).ToArray(), s.Trials.Select(t => t.Error * 100).ToArray(), color.WithAlpha(0.6));
            points.MarkerSize = 5;
            points.LegendText = string.Create(CultureInfo.InvariantCulture, $"{s.Name}: best {Units.Value(p.Median)} [{Units.Value(p.Low)}, {Units.Value(p.High)}]");
            if (p.Bins.Count > 1)
            {
                var trend = plot.Add.ScatterLine(p.Bins.Select(b => X(b[0])).ToArray(), p.Bins.Select(b => b[2] * 100).ToArray(), color);
                trend.LineWidth = 2;
                trend.MarkerSize = 7;
            }
        }

        if (log)
        {
            ChartCanvas.LogTicks(plot.Axes.Bottom, lo, hi, powersOfTwo: name.StartsWith('w') || name.Contains("w0", StringComparison.Ordinal));
        }

        ChartCanvas.Legend(plot, Alignment.UpperRight);
        return ChartCanvas.Render(plot, "trend-" + name, info.Label);
    }

    private static Chart FitRelationChart(AnalysisSummary summary)
    {
        var plot = ChartCanvas.NewPlot("Quantized-linear fit error vs error", "e_fit (mean |ln w − ln ŵ|)", "error (%)");
        for (int i = 0; i < summary.Sweeps.Count; i++)
        {
            var s = summary.Sweeps[i];
            var points = plot.Add.ScatterPoints(s.Trials.Select(t => t.Values["e_fit"]).ToArray(), s.Trials.Select(t => t.Error * 100).ToArray(), ChartCanvas.SeriesColor(i));
            points.MarkerSize = 6;
            points.LegendText = string.Create(CultureInfo.InvariantCulture, $"{s.Name}: mean e_fit {s.Fit.MeanFitError:0.000}, ρ = {(s.Fit.Spearman is double r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "–")}");
        }

        ChartCanvas.Legend(plot, Alignment.UpperRight);
        return ChartCanvas.Render(plot, "fit-error", "e_fit vs error");
    }

    private static Chart Widths(SweepSummary sweep, int index)
    {
        var plot = ChartCanvas.NewPlot($"{sweep.Name}: block widths of best (●) and worst (□)", "block index", "width");
        int max = 1, min = int.MaxValue;
        void Add(ModelSummary m, int k, bool isBest)
        {
            var color = ModelColors.For(k, isBest);
            var xs = Enumerable.Range(0, m.BlockWidths.Length).Select(x => (double)x).ToArray();
            var line = plot.Add.ScatterLine(xs, m.BlockWidths.Select(w => Math.Log10(w)).ToArray(), color);
            line.LineWidth = isBest ? 2 : 1.5f;
            line.MarkerSize = 5;
            if (!isBest)
            {
                line.MarkerShape = MarkerShape.OpenSquare;
            }

            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{(isBest ? "best" : "worst")} #{m.Index}: {m.Error * 100:0.0}%, e_fit {m.Fit[3]:0.00}");
            max = Math.Max(max, m.BlockWidths.Max());
            min = Math.Min(min, m.BlockWidths.Min());
        }

        for (int k = 0; k < sweep.Best.Count; k++)
        {
            Add(sweep.Best[k], k, isBest: true);
        }

        for (int k = 0; k < sweep.Worst.Count; k++)
        {
            Add(sweep.Worst[k], k, isBest: false);
        }

        var top = sweep.Best[0];
        var fit = plot.Add.ScatterLine(
            Enumerable.Range(0, top.FitWidths.Length).Select(x => (double)x).ToArray(),
            top.FitWidths.Select(w => Math.Log10(w)).ToArray(),
            Colors.Black);
        fit.LineWidth = 1;
        fit.MarkerSize = 0;
        fit.LegendText = string.Create(CultureInfo.InvariantCulture, $"fit of best: w0={top.Fit[0]:0}, wa={top.Fit[1]:0.#}, wm={top.Fit[2]:0.00}");
        ChartCanvas.LogTicks(plot.Axes.Left, min, max, powersOfTwo: true);
        ChartCanvas.Legend(plot, Alignment.LowerRight);
        return ChartCanvas.Render(plot, $"widths-{index + 1}", $"{sweep.Name}: width profiles");
    }

    private static Chart Curves(SweepSummary sweep, int index)
    {
        bool val = sweep.Best[0].Epochs.Any(e => e.ValTop1Error is not null);
        string split = val ? "validation" : "test";
        var plot = ChartCanvas.NewPlot($"{sweep.Name}: {split} error per epoch", "epoch", $"{split} error (%)");
        void Add(ModelSummary m, int k, bool isBest)
        {
            if (m.Epochs.Count == 0)
            {
                return;
            }

            var color = ModelColors.For(k, isBest);
            var line = plot.Add.ScatterLine(
                m.Epochs.Select(e => (double)e.Epoch).ToArray(),
                m.Epochs.Select(e => ((val ? e.ValTop1Error : e.TestTop1Error) ?? double.NaN) * 100).ToArray(),
                color);
            line.LineWidth = isBest ? 2 : 1.5f;
            if (!isBest)
            {
                line.MarkerShape = MarkerShape.OpenSquare;
            }

            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{(isBest ? "best" : "worst")} #{m.Index}");
        }

        for (int k = 0; k < sweep.Best.Count; k++)
        {
            Add(sweep.Best[k], k, isBest: true);
        }

        for (int k = 0; k < sweep.Worst.Count; k++)
        {
            Add(sweep.Worst[k], k, isBest: false);
        }

        var epochs = sweep.Best.Concat(sweep.Worst).SelectMany(m => m.Epochs).Select(e => e.Epoch).ToArray();
        if (epochs.Length > 0)
        {
            IntegerTicks.Apply(plot.Axes.Bottom, epochs.Min(), epochs.Max());
        }

        ChartCanvas.Legend(plot, Alignment.UpperRight);
        return ChartCanvas.Render(plot, $"curves-{index + 1}", $"{sweep.Name}: training curves");
    }
}
