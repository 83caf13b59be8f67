using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NetSpace.Serialization;
using NetSpace.Text;

namespace NetSpace.Reports;

/// <summary>
/// <c>report.html</c>: one self-contained page (charts inline as SVG, a few lines of CSS and JavaScript for
/// sortable tables, nothing fetched from the network).
/// </summary>
public static class HtmlReport
{
    /// <summary>The page for <paramref name="summary"/> and its <paramref name="charts"/>.</summary>
    public static string Build(AnalysisSummary summary, IReadOnlyList<Chart> charts, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(charts);
        var byId = charts.ToDictionary(c => c.Id);
        var names = string.Join(" vs ", summary.Sweeps.Select(s => s.Name));
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append(Inv($"<title>NetSpace analysis: {E(names)}</title>"));
        html.Append("<style>").Append(Css).Append("</style></head><body>\n");
        html.Append(Inv($"<h1>Design-space analysis: {E(names)}</h1>\n"));
        html.Append(Inv($"<p class=\"meta\">Generated {summary.CreatedAt:yyyy-MM-dd HH:mm} UTC by NetSpace{(source is null ? string.Empty : " from " + E(source))}. Error = top-1 error of each trial's best epoch on its selection split (validation when held out). Normalized EDF: {summary.Options.Bins} log-spaced {E(summary.Options.Metric)} bins over [{E(Units.Short((long)summary.ComplexityRange[0]))}, {E(Units.Short((long)summary.ComplexityRange[1]))}]. Bootstrap: {summary.Options.Draws:N0} draws of {summary.Options.Fraction:P0} of the trials, seed {summary.Options.Seed}.</p>\n"));

        Headline(html, summary);
        ConclusionSection.Append(html, summary);
        html.Append("<h2>Configuration</h2>\n");
        Config(html, summary);
        html.Append("<h2>Error distributions</h2>\n<div class=\"grid\">");
        Figure(html, byId[ReportCharts.EdfId]);
        Figure(html, byId[ReportCharts.NormalizedEdfId]);
        html.Append("</div>\n");
        Comparisons(html, summary);
        html.Append("<h2>Complexity</h2>\n<div class=\"grid\">");
        foreach (string metric in (string[])["flops", "params", "acts"])
        {
            Figure(html, byId["complexity-" + metric]);
        }

        html.Append("</div>\n<h2>Parameter trends and bootstrap ranges</h2>\n");
        html.Append("<p>Each point is a trained model; the solid line is the median error per bin; the shaded band is the 95% bootstrap interval of the best model's value and the vertical line its median (the most likely best value).</p>\n");
        Bootstrap(html, summary);
        html.Append("<div class=\"grid\">");
        foreach (string name in ReportCharts.TrendParameters(summary))
        {
            Figure(html, byId["trend-" + name]);
        }

        html.Append("</div>\n<h2>Quantized linear fit</h2>\n<div class=\"grid\">");
        Figure(html, byId["fit-error"]);
        html.Append("</div>\n");
        for (int i = 0; i < summary.Sweeps.Count; i++)
        {
            var s = summary.Sweeps[i];
            html.Append(Inv($"<h2>{E(s.Name)}: best and worst models</h2>\n"));
            Models(html, s);
            html.Append("<div class=\"grid\">");
            Figure(html, byId[Inv($"widths-{i + 1}")]);
            Figure(html, byId[Inv($"curves-{i + 1}")]);
            html.Append("</div>\n");
        }

        for (int i = 0; i < summary.Sweeps.Count; i++)
        {
            html.Append(Inv($"<h2>{E(summary.Sweeps[i].Name)}: all trials</h2>\n<p class=\"meta\">Click a column to sort.</p>\n"));
            Trials(html, summary.Sweeps[i]);
        }

        html.Append("<script>").Append(Script).Append("</script>\n</body></html>\n");
        return html.ToString();
    }

    private static void Headline(StringBuilder html, AnalysisSummary summary)
    {
        html.Append("<table class=\"headline\"><tr><th>sweep</th><th>space</th><th>n</th><th>min error</th><th>median</th><th>mean</th><th>best model</th><th>flops</th><th>failed</th><th>unfinished</th></tr>");
        foreach (var s in summary.Sweeps)
        {
            var b = s.Best[0];
            html.Append(Inv($"<tr><td>{E(s.Name)}</td><td>{E(s.Space)}</td><td>{s.Errors.N}</td><td>{Pct(s.Errors.Min)}</td><td>{Pct(s.Errors.Median)}</td><td>{Pct(s.Errors.Mean)}</td><td>#{b.Index} {E(b.Name)}</td><td>{E(Units.Flops(b.Flops))}</td><td>{s.Failed}</td><td>{s.Unfinished}</td></tr>"));
        }

        html.Append("</table>\n");
    }

    private static void Config(StringBuilder html, AnalysisSummary summary)
    {
        var rows = new List<(string Key, string[] Values)>
        {
            ("space", summary.Sweeps.Select(s => s.Space).ToArray()),
            ("data", summary.Sweeps.Select(s => s.Config.Data).ToArray()),
            ("training subset", summary.Sweeps.Select(s => s.Config.Subset?.ToString(CultureInfo.InvariantCulture) ?? "all").ToArray()),
            ("validation split", summary.Sweeps.Select(s => s.Config.ValSplit.ToString("0.###", CultureInfo.InvariantCulture)).ToArray()),
            ("windows", summary.Sweeps.Select(s => s.Config.Windows).ToArray()),
            ("stem", summary.Sweeps.Select(s => s.Config.Stem ?? "space's").ToArray()),
            ("samples", summary.Sweeps.Select(s => s.Config.Samples.ToString(CultureInfo.InvariantCulture)).ToArray()),
            ("seed", summary.Sweeps.Select(s => s.Config.Seed.ToString(CultureInfo.InvariantCulture)).ToArray()),
        };
        var recipes = summary.Sweeps.Select(s => JsonSerializerNode(s.Config.Recipe)).ToArray();
        foreach (var key in recipes[0].Select(p => p.Key))
        {
            rows.Add(("recipe." + key, recipes.Select(r => r[key]?.ToJsonString() ?? string.Empty).ToArray()));
        }

        html.Append("<table><tr><th></th>");
        foreach (var s in summary.Sweeps)
        {
            html.Append(Inv($"<th>{E(s.Name)}</th>"));
        }

        html.Append("</tr>");
        foreach (var (key, values) in rows)
        {
            html.Append(Inv($"<tr><td>{E(key)}</td>"));
            foreach (var v in values)
            {
                html.Append(Inv($"<td>{E(v)}</td>"));
            }

            html.Append("</tr>");
        }

        html.Append("</table>\n");
    }

    private static JsonObject JsonSerializerNode<T>(T value) =>
        System.Text.Json.JsonSerializer.SerializeToNode(value, SpecJson.Options)!.AsObject();

    private static void Comparisons(StringBuilder html, AnalysisSummary summary)
    {
        if (summary.Comparisons.Count == 0)
        {
            return;
        }

        html.Append("<table><tr><th>sweep A</th><th>sweep B</th><th>KS distance</th><th>KS p-value</th><th>KS (normalized)</th><th>median A − median B [95% interval]</th></tr>");
        foreach (var c in summary.Comparisons)
        {
            string p = c.KsPValue is double v ? (v < 0.001 ? "&lt; 0.001" : v.ToString("0.000", CultureInfo.InvariantCulture)) : "–";
            string d = c.MedianDifference is { } m ? Inv($"{m.Estimate * 100:+0.0;−0.0;0.0} [{m.Low * 100:+0.0;−0.0;0.0}, {m.High * 100:+0.0;−0.0;0.0}] points") : "–";
            html.Append(Inv($"<tr><td>{E(c.A)}</td><td>{E(c.B)}</td><td>{c.Ks:0.000}</td><td>{p}</td><td>{c.KsNormalized:0.000}</td><td>{d}</td></tr>"));
        }

        html.Append("</table>\n");
    }

    private static void Bootstrap(StringBuilder html, AnalysisSummary summary)
    {
        var names = summary.Sweeps.SelectMany(s => s.Parameters).Select(p => (p.Name, p.Label)).Distinct().ToArray();
        html.Append("<table class=\"sortable\"><thead><tr><th>parameter</th>");
        foreach (var s in summary.Sweeps)
        {
            html.Append(Inv($"<th>{E(s.Name)}: best [95% interval]</th><th>range in sweep</th><th>Spearman ρ with error</th>"));
        }

        html.Append("</tr></thead><tbody>");
        foreach (var (name, label) in names)
        {
            html.Append(Inv($"<tr><td>{E(label)}</td>"));
            foreach (var s in summary.Sweeps)
            {
                var p = s.Parameters.FirstOrDefault(q => q.Name == name);
                html.Append(p is null
                    ? "<td>–</td><td>–</td><td>–</td>"
                    : Inv($"<td>{E(Units.Value(p.Median))} [{E(Units.Value(p.Low))}, {E(Units.Value(p.High))}]</td><td>{E(Units.Value(p.Min))} – {E(Units.Value(p.Max))}</td><td>{Num(p.Spearman ?? double.NaN, "0.00")}</td>"));
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>\n");
    }

    private static void Models(StringBuilder html, SweepSummary s)
    {
        html.Append("<table><tr><th></th><th>trial</th><th>error</th><th>test error</th><th>flops</th><th>params</th><th>acts</th><th>d</th><th>w</th><th>g</th><th>b</th><th>fit w0 / wa / wm</th><th>e_fit</th></tr>");
        void Row(string kind, ModelSummary m) => html.Append(Inv(
            $"<tr><td>{kind}</td><td>#{m.Index} {E(m.Name)}</td><td>{Pct(m.Error)}</td><td>{Pct(m.TestError)}</td><td>{E(Units.Flops(m.Flops))}</td><td>{E(Units.Count(m.Params))}</td><td>{E(Units.Count(m.Acts))}</td><td>{string.Join(",", m.Depths)}</td><td>{string.Join(",", m.Widths)}</td><td>{string.Join(",", m.GroupWidths)}</td><td>{string.Join(",", m.Bottlenecks.Select(b => Units.Value(b)))}</td><td>{m.Fit[0]:0} / {m.Fit[1]:0.0} / {m.Fit[2]:0.00}</td><td>{m.Fit[3]:0.000}</td></tr>"));
        foreach (var m in s.Best)
        {
            Row("best", m);
        }

        foreach (var m in s.Worst)
        {
            Row("worst", m);
        }

        html.Append("</table>\n");
    }

    private static void Trials(StringBuilder html, SweepSummary s)
    {
        var keys = s.Trials.SelectMany(t => t.Values.Keys).Distinct().ToArray();
        html.Append("<div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>index</th><th>name</th><th>error %</th><th>test error %</th><th>train s</th>");
        foreach (var k in keys)
        {
            html.Append(Inv($"<th>{E(k)}</th>"));
        }

        html.Append("</tr></thead><tbody>");
        foreach (var t in s.Trials)
        {
            html.Append(Inv($"<tr><td>{t.Index}</td><td>{E(t.Name)}</td><td>{t.Error * 100:0.00}</td><td>{(t.TestError is { } te ? Num(te * 100, "0.00") : "–")}</td><td>{t.Seconds:0.0}</td>"));
            foreach (var k in keys)
            {
                html.Append(t.Values.TryGetValue(k, out double v) ? Inv($"<td data-v=\"{Num(v, "R")}\">{TableNumber.Format(v)}</td>") : "<td></td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div>\n");
    }

    private static void Figure(StringBuilder html, Chart chart)
    {
        string svg = chart.Svg;
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        // The chart draws its own title; a caption repeating it would only say it twice.
        html.Append(Inv($"<figure id=\"{E(chart.Id)}\">{(start > 0 ? svg[start..] : svg)}</figure>"));
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Pct(double fraction) => (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string Pct(double? fraction) => fraction is { } f ? Pct(f) : "–";

    private static string Num(double v, string format) => double.IsNaN(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private const string Css =
        "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px;color:#222;max-width:1700px}" +
        "h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}" +
        ".meta{color:#555;font-size:13px}table{border-collapse:collapse;font-size:13px;margin:8px 0}" +
        "th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f3f3f3;cursor:pointer}" +
        "td:first-child,th:first-child{text-align:left}.grid{display:flex;flex-wrap:wrap;gap:12px}" +
        "figure{margin:0}figcaption{font-size:12px;color:#555;text-align:center}.scroll{overflow-x:auto}" +
        ".headline td{font-size:14px}.sortable td,.sortable th{white-space:nowrap}" +
        ".conclusion{font-size:15px;max-width:1100px;background:#f4f8ff;border-left:4px solid #1f77b4;padding:6px 10px}";

    private const string Script =
        "document.querySelectorAll('table.sortable').forEach(function(t){var hs=t.tHead.rows[0].cells;" +
        "Array.prototype.forEach.call(hs,function(h,i){h.addEventListener('click',function(){var b=t.tBodies[0];" +
        "var rows=Array.prototype.slice.call(b.rows);var asc=h.dataset.asc!=='1';h.dataset.asc=asc?'1':'0';" +
        "rows.sort(function(x,y){var a=x.cells[i].dataset.v||x.cells[i].textContent,c=y.cells[i].dataset.v||y.cells[i].textContent;var na=parseFloat(a),nc=parseFloat(c);" +
        "var r=(!isNaN(na)&&!isNaN(nc))?na-nc:a.localeCompare(c);return asc?r:-r;});" +
        "rows.forEach(function(r){b.appendChild(r);});});});});";
}
