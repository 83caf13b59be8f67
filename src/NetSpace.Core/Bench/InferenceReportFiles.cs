using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetSpace.Serialization;

namespace NetSpace.Bench;

/// <summary>
/// Draws the plots of an inference report: median time against flops and against acts (one series per batch
/// size, with the best fit of each). The hook for a plotting library; none is built in yet.
/// </summary>
public interface IInferencePlotter
{
    /// <summary>Writes the plots of <paramref name="report"/> into <paramref name="directory"/> and returns the files written.</summary>
    IReadOnlyList<string> WritePlots(InferenceReport report, string directory);
}

/// <summary>The files of <c>netspace bench infer --out DIR</c>: <c>infer.csv</c>, <c>infer.json</c> and, through a plotter, the plots.</summary>
public static class InferenceReportFiles
{
    /// <summary>Name of the CSV file (one row per model × batch size).</summary>
    public const string CsvName = "infer.csv";

    /// <summary>Name of the JSON file (every number: timings, optimisation ratios, correlations, fits).</summary>
    public const string JsonName = "infer.json";

    private static readonly string[] CsvColumns =
    [
        "model", "input_size", "input_channels", "flops", "params", "acts", "batch", "reps",
        "median_ms", "p10_ms", "p90_ms", "images_per_second", "ms_per_image", "fold_bn", "grad_mode", "threads", "device",
    ];

    /// <summary>
    /// The report as one JSON document: the configuration, one object per model (complexity, timings,
    /// optimisation ratios) and one analysis per batch size (Pearson r, fits, best fit).
    /// </summary>
    public static JsonObject ToJson(InferenceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var node = JsonSerializer.SerializeToNode(report, SpecJson.Options)!.AsObject();
        // Flatten {batch, comparison: {...}} into {batch, ...} for readers.
        if (node["analysis"] is JsonArray analysis)
        {
            foreach (var item in analysis.OfType<JsonObject>())
            {
                if (item["comparison"] is JsonObject comparison)
                {
                    item.Remove("comparison");
                    foreach (var (key, value) in comparison.ToArray())
                    {
                        comparison.Remove(key);
                        item[key] = value;
                    }
                }
            }
        }

        return node;
    }

    /// <summary>CSV with a header line, one row per model × batch size (invariant culture, <c>\n</c> line ends).</summary>
    public static string ToCsv(InferenceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append(string.Join(',', CsvColumns)).Append('\n');
        foreach (var m in report.Models)
        {
            foreach (var t in m.Timings)
            {
                object[] row =
                [
                    m.Model, m.InputSize, m.InputChannels, m.Flops, m.Params, m.Acts, t.Batch, t.Reps,
                    t.MedianMs, t.P10Ms, t.P90Ms, t.ImagesPerSecond, t.MsPerImage,
                    report.FoldBatchNorm ? "true" : "false", InferenceConfig.GradModeName(report.GradMode), report.Threads, report.Device,
                ];
                sb.Append(string.Join(',', row.Select(Format))).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Writes <c>infer.csv</c> and <c>infer.json</c> into <paramref name="directory"/> (created if missing; each
    /// file atomically), then the plots when a <paramref name="plotter"/> is given. Returns the files written.
    /// </summary>
    public static IReadOnlyList<string> Write(InferenceReport report, string directory, IInferencePlotter? plotter = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        string csv = Path.Combine(directory, CsvName);
        string json = Path.Combine(directory, JsonName);
        AtomicFile.WriteAllText(csv, ToCsv(report));
        AtomicFile.WriteAllText(json, ToJson(report).ToJsonString(SpecJson.Options) + "\n");
        var files = new List<string> { csv, json };
        if (plotter is not null)
        {
            files.AddRange(plotter.WritePlots(report, directory));
        }

        return files;
    }

    private static string Format(object value)
    {
        string text = value switch
        {
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
