using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Serialization;
using NetSpace.Specs;

namespace NetSpace.Sweeps;

/// <summary>
/// A sweep as one row per trial (pycls <c>sweep collect</c>): status and attempts, every spec parameter
/// (stem; per stage block, d, w, s, b, g, se; RegNet d/w0/wa/wm/g/b/se when the spec came from one),
/// complexity, errors (fractions), times and the failure reason. Columns for stages and RegNet
/// parameters appear when any trial has them; values missing for a trial are null (empty in CSV).
/// </summary>
public sealed class SweepTable
{
    private SweepTable(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<object?>> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    /// <summary>Column names (snake_case).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>One row per trial, values in column order: string, int, long, double or null.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> Rows { get; }

    /// <summary>The table of <paramref name="trials"/>.</summary>
    public static SweepTable From(IReadOnlyList<TrialRecord> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        int stages = trials.Count == 0 ? 0 : trials.Max(t => t.Spec.Stages.Count);
        bool regnet = trials.Any(t => t.Spec.RegNet is not null);
        var columns = new List<string> { "sweep", "index", "name", "status", "attempts", "seed", "stem", "stem_w", "depth" };
        for (int i = 1; i <= stages; i++)
        {
            columns.AddRange([$"stage{i}_block", $"stage{i}_d", $"stage{i}_w", $"stage{i}_s", $"stage{i}_b", $"stage{i}_g", $"stage{i}_se"]);
        }

        if (regnet)
        {
            columns.AddRange(["regnet_d", "regnet_w0", "regnet_wa", "regnet_wm", "regnet_g", "regnet_b", "regnet_se"]);
        }

        columns.AddRange([
            "flops", "params", "acts", "epochs", "selection_split", "best_epoch", "best_top1_error", "final_top1_error",
            "test_top1_error", "test_top5_error", "train_seconds", "images_per_second", "trial_seconds", "cpu_seconds", "error",
        ]);

        var rows = new List<IReadOnlyList<object?>>(trials.Count);
        foreach (var t in trials)
        {
            var spec = t.Spec;
            var row = new List<object?>(columns.Count)
            {
                t.Sweep, t.Index, t.Name, StatusName(t.Status), t.Attempts, t.Seed, EnumName(spec.Stem.Type), spec.Stem.Width, spec.TotalDepth,
            };
            for (int i = 0; i < stages; i++)
            {
                if (i < spec.Stages.Count)
                {
                    var s = spec.Stages[i];
                    row.AddRange([EnumName(s.Block), s.Depth, s.Width, s.Stride, s.Bottleneck, s.GroupWidth, s.SeRatio]);
                }
                else
                {
                    row.AddRange([null, null, null, null, null, null, null]);
                }
            }

            if (regnet)
            {
                var r = spec.RegNet;
                row.AddRange(r is null
                    ? [null, null, null, null, null, null, null]
                    : [r.Depth, r.W0, r.Wa, r.Wm, r.GroupWidth, r.Bottleneck, r.SeRatio]);
            }

            var result = t.Result;
            row.AddRange([
                t.Complexity.Flops, t.Complexity.Params, t.Complexity.Acts,
                result?.Epochs, result?.SelectionSplit, result?.BestEpoch, result?.BestTop1Error, result?.FinalTop1Error,
                result?.TestTop1Error, result?.TestTop5Error, result?.TrainSeconds, result?.ImagesPerSecond,
                t.StartedAt is { } started && t.FinishedAt is { } finished ? (finished - started).TotalSeconds : null, result?.CpuSeconds,
                t.Error,
            ]);
            rows.Add(row);
        }

        return new SweepTable(columns, rows);
    }

    /// <summary>Lower-case name of a status, as stored and exported: pending, running, completed, failed.</summary>
    public static string StatusName(TrialStatus status) => status switch
    {
        TrialStatus.Pending => "pending",
        TrialStatus.Running => "running",
        TrialStatus.Completed => "completed",
        _ => "failed",
    };

    /// <summary>Writes CSV (RFC 4180 quoting, invariant culture, a header line, <c>\n</c> line ends).</summary>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(string.Join(',', Columns.Select(Quote)));
        writer.Write('\n');
        foreach (var row in Rows)
        {
            writer.Write(string.Join(',', row.Select(v => Quote(Format(v)))));
            writer.Write('\n');
        }
    }

    /// <summary>A JSON array with one object per trial (keys = <see cref="Columns"/>; nulls kept so every object has every key).</summary>
    public JsonArray ToJson()
    {
        var array = new JsonArray();
        foreach (var row in Rows)
        {
            var obj = new JsonObject();
            for (int i = 0; i < Columns.Count; i++)
            {
                obj[Columns[i]] = row[i] switch
                {
                    null => null,
                    string s => JsonValue.Create(s),
                    int n => JsonValue.Create(n),
                    long n => JsonValue.Create(n),
                    double d => JsonValue.Create(d),
                    var other => JsonValue.Create(Format(other)),
                };
            }

            array.Add(obj);
        }

        return array;
    }

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static string EnumName<T>(T value)
        where T : struct, Enum => SpecJson.Serialize(value, indented: false).Trim('"');
}
