using System.Globalization;
using System.Net;
using System.Text;
using NetSpace.Search;
using NetSpace.Serialization;
using NetSpace.Specs;
using NetSpace.Text;
using ScottPlot;

namespace NetSpace.Reports;

/// <summary>
/// The report of a search, from the run folder's data only: expected FLOPs of each task's policy over the epochs
/// (with its target), training and held-out losses, entropies, and per task a heat map of the decisions'
/// probabilities over time (each cell: the most likely choice, shaded by its probability), then the derived
/// architectures. Writes <c>plots/*.svg|png</c> and <c>report.html</c> atomically.
/// </summary>
public static class SearchReport
{
    /// <summary>Writes the report into <paramref name="directory"/>; returns the path of report.html.</summary>
    public static string Write(string directory, SearchSpace space, SearchJob job, IReadOnlyList<PolicySnapshot> history, SearchResult result)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(result);
        var charts = new List<Chart>
        {
            Lines(history, job, "expected-flops", "Expected FLOPs of each task's policy", "MFLOPs", s => s.ExpectedFlops / 1e6, t => job.Target(t) / 1e6),
            Lines(history, job, "train-loss", "Training loss (shared weights)", "loss", s => s.TrainLoss, null),
            Lines(history, job, "held-out-loss", "Held-out loss (policy steps)", "loss", s => s.HeldOutLoss ?? double.NaN, null),
            Lines(history, job, "reward-spread", "Spread of the held-out loss over sampled architectures (std; near 0 = a flat reward)", "loss std", s => s.HeldOutLossStd ?? double.NaN, null),
            Lines(history, job, "entropy", "Entropy of each task's policy", "nats", s => s.Entropy, null),
        };
        string plots = Path.Combine(directory, "plots");
        Directory.CreateDirectory(plots);
        foreach (var chart in charts)
        {
            AtomicFile.WriteAllText(Path.Combine(plots, chart.Id + ".svg"), chart.Svg);
            AtomicFile.WriteAllBytes(Path.Combine(plots, chart.Id + ".png"), chart.Png);
        }

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>NetSpace search: ").Append(E(space.Spec.Name)).Append("</title><style>")
            .Append("body{font-family:'DejaVu Sans',sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ddd;padding:3px 6px;font-size:12px;text-align:left}")
            .Append(".grid{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}figcaption{font-size:12px;color:#555}.heat td{text-align:center;min-width:44px}.meta{color:#555;font-size:13px}")
            .Append("</style></head><body>\n");
        html.Append(Inv($"<h1>Multi-task search: {E(space.Spec.Name)}</h1>\n"));
        html.Append(Inv($"<p class=\"meta\">{E(Training.RunStatuses.Name(result.Status))} after {result.Epochs} epochs ({job.WarmupEpochs} weight warm-up), {result.Steps:N0} steps, {result.Seconds:0} s. Space: {space.Decisions.Count} decisions, {E(result.SpaceSize)} architectures. Tasks: {E(string.Join(", ", job.Tasks.Select(t => $"{t.Name()} ≤ {Units.Flops(job.Target(t))}")))}. Data {E(job.Data)}, seed {job.Seed}. Policy lr {job.Policy.LearningRate}, {(job.Policy.PairedBaseline ? "paired" : "moving-average")} reward baseline, entropy weight {job.Policy.EntropyWeight}, uniform mix {job.Policy.UniformMix}, FLOPs penalty {job.FlopsPenalty}.</p>\n"));
        html.Append("<h2>Derived architectures (most likely choice per decision)</h2>\n<table><tr><th>task</th><th>FLOPs</th><th>target</th><th>probability</th><th>spec</th><th>choices</th></tr>\n");
        foreach (var d in result.Derived)
        {
            html.Append(Inv($"<tr><td>{d.Task.Name()}</td><td>{Units.Flops(d.Flops)}</td><td>{Units.Flops(d.Target)}</td><td>{d.Probability:0.####}</td><td>{E(d.SpecFile)}</td><td>{E(string.Join(" ", d.Labels))}</td></tr>\n"));
        }

        html.Append("</table>\n");
        if (result.RewardSpread.Count > 0)
        {
            var first = result.RewardSpread[0];
            html.Append(Inv($"<h2>Reward spread (final weights, {first.Architectures} uniform architectures × the same {first.Batches} held-out batches)</h2>\n"));
            html.Append("<p class=\"meta\">How much each task's held-out loss moves between architectures (the signal its policy learns from) against how much it moves between batches for one architecture (the noise of an unpaired evaluation) and what is left when two architectures are compared on the same batch (the noise of the paired baseline). A signal/noise ratio well below 1 means the policy learns mostly noise.</p>\n");
            html.Append("<table><tr><th>task</th><th>mean loss</th><th>between architectures</th><th>batch noise</th><th>paired noise</th><th>signal/noise unpaired</th><th>signal/noise paired</th></tr>\n");
            foreach (var r in result.RewardSpread)
            {
                html.Append(Inv($"<tr><td>{r.Task.Name()}</td><td>{r.MeanLoss:0.000}</td><td>{r.BetweenArchitectures:0.0000}</td><td>{r.BatchNoise:0.0000}</td><td>{r.PairedNoise:0.0000}</td><td>{r.SignalToBatchNoise:0.00}</td><td>{r.SignalToPairedNoise:0.00}</td></tr>\n"));
            }

            html.Append("</table>\n");
        }

        html.Append("<div class=\"grid\">");
        foreach (var chart in charts)
        {
            html.Append("<figure>").Append(chart.Svg).Append("<figcaption>").Append(E(chart.Title)).Append("</figcaption></figure>");
        }

        html.Append("</div>\n");
        foreach (var task in job.Tasks)
        {
            var snapshots = history.Where(h => h.Task == task).OrderBy(h => h.Epoch).ToArray();
            html.Append(Inv($"<h2>{task.Name()}: decision probabilities over time</h2>\n<table class=\"heat\"><tr><th>decision</th>"));
            foreach (var s in snapshots)
            {
                html.Append(Inv($"<th>{s.Epoch}</th>"));
            }

            html.Append("</tr>\n");
            for (int d = 0; d < space.Decisions.Count; d++)
            {
                html.Append("<tr><td>").Append(E(space.Decisions[d].Name)).Append("</td>");
                foreach (var s in snapshots)
                {
                    var p = s.Probabilities[d];
                    int best = p.ToList().IndexOf(p.Max());
                    double alpha = Math.Clamp((p[best] - (1.0 / p.Count)) / (1 - (1.0 / p.Count)), 0, 1);
                    html.Append(Inv($"<td style=\"background:rgba(31,119,180,{alpha:0.00})\" title=\"{E(string.Join(", ", p.Select((v, c) => $"{space.Decisions[d].Choices[c]} {v:0.00}")))}\">{E(space.Decisions[d].Choices[best])}<br>{p[best]:0.00}</td>"));
                }

                html.Append("</tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append("</body></html>\n");
        string report = Path.Combine(directory, "report.html");
        AtomicFile.WriteAllText(report, html.ToString());
        return report;
    }

    private static Chart Lines(IReadOnlyList<PolicySnapshot> history, SearchJob job, string id, string title, string yLabel, Func<PolicySnapshot, double> value, Func<VisionTask, double>? target)
    {
        var plot = ChartCanvas.NewPlot(title, "epoch", yLabel);
        for (int i = 0; i < job.Tasks.Count; i++)
        {
            var task = job.Tasks[i];
            var points = history.Where(h => h.Task == task && !double.IsNaN(value(h))).OrderBy(h => h.Epoch).ToArray();
            if (points.Length == 0)
            {
                continue;
            }

            var line = plot.Add.ScatterLine(points.Select(p => (double)p.Epoch).ToArray(), points.Select(value).ToArray(), ChartCanvas.SeriesColor(i));
            line.LegendText = task.Name();
            line.MarkerSize = 5;
            if (target is not null)
            {
                var h = plot.Add.HorizontalLine(target(task), 1, ChartCanvas.SeriesColor(i).WithAlpha(0.5));
                h.LegendText = $"{task.Name()} target";
            }
        }

        ChartCanvas.Legend(plot, Alignment.UpperRight);
        return ChartCanvas.Render(plot, id, title);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
