using System.Globalization;
using NetSpace.Bench;
using NetSpace.Serialization;
using ScottPlot;

namespace NetSpace.Reports;

/// <summary>
/// The plots of <c>netspace bench infer --out DIR</c>: median ms per batch against flops and against acts,
/// one labelled point per model and one chart per batch size, with the least-squares line of the best-fitting
/// linear model; SVG and PNG.
/// </summary>
public sealed class InferencePlots : IInferencePlotter
{
    /// <inheritdoc/>
    public IReadOnlyList<string> WritePlots(InferenceReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        var files = new List<string>();
        foreach (int batch in report.Models.SelectMany(m => m.Timings).Select(t => t.Batch).Distinct().Order())
        {
            var analysis = report.Analysis.FirstOrDefault(a => a.Batch == batch)?.Comparison;
            foreach (string predictor in (string[])["flops", "acts"])
            {
                var chart = Plot(report, batch, predictor, analysis);
                foreach (var (ext, write) in new (string, Action<string>)[]
                {
                    ("svg", path => AtomicFile.WriteAllText(path, chart.Svg)),
                    ("png", path => AtomicFile.WriteAllBytes(path, chart.Png)),
                })
                {
                    string path = Path.Combine(directory, $"{chart.Id}.{ext}");
                    write(path);
                    files.Add(path);
                }
            }
        }

        return files;
    }

    private static Chart Plot(InferenceReport report, int batch, string predictor, TimeModelComparison? analysis)
    {
        var plot = ChartCanvas.NewPlot($"batch {batch}: time vs {predictor}", predictor == "flops" ? "flops (multiply-adds, G)" : "activations (M)", "ms per batch");
        double scale = predictor == "flops" ? 1e9 : 1e6;
        var points = report.Models
            .Select(m => (m.Model, X: (predictor == "flops" ? m.Flops : m.Acts) / scale, T: m.Timings.FirstOrDefault(t => t.Batch == batch)))
            .Where(p => p.T is not null)
            .ToArray();
        for (int i = 0; i < points.Length; i++)
        {
            var (model, x, t) = points[i];
            var color = ChartCanvas.SeriesColor(model.StartsWith("efficientnet", StringComparison.Ordinal) ? 1 : model.StartsWith("regnety", StringComparison.Ordinal) ? 2 : 0);
            var marker = plot.Add.Marker(x, t!.MedianMs, MarkerShape.FilledCircle, 8, color);
            marker.LegendText = string.Empty;
            var label = plot.Add.Text(model, x, t.MedianMs);
            label.LabelFontSize = 10;
            label.LabelFontColor = color;
            label.OffsetX = 5;
            label.OffsetY = -5;
        }

        plot.Axes.Margins(horizontal: 0.2, vertical: 0.1); // room for the labels of the right-most points
        var fit = analysis?.Fits.FirstOrDefault(f => f.Predictor == predictor && f.Form == TimeModelForm.Linear);
        if (fit is not null && points.Length >= 2)
        {
            double lo = points.Min(p => p.X), hi = points.Max(p => p.X);
            var xs = Enumerable.Range(0, 50).Select(k => lo + ((hi - lo) * k / 49)).ToArray();
            var line = plot.Add.ScatterLine(xs, xs.Select(v => fit.Predict(v * scale)).ToArray(), Colors.Gray);
            line.LineWidth = 1;
            line.MarkerSize = 0;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"least squares: R² = {fit.RSquared:0.00}");
            ChartCanvas.Legend(plot, Alignment.UpperLeft);
        }

        return ChartCanvas.Render(plot, $"infer-b{batch}-time-vs-{predictor}", $"batch {batch}: time vs {predictor}");
    }
}
