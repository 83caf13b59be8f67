using System.Globalization;
using NetSpace.Training.MultiTask;
using NetSpace.Torch.Training.MultiTask;
using Spectre.Console;

namespace NetSpace.Cli.Output;

/// <summary>The summary printed after a multi-task training run: test metrics next to trivial baselines, complexity, time.</summary>
internal static class MultiTaskReport
{
    /// <summary>The metrics a multi-task run reports, in print order: label, value (null: not measured), number format.</summary>
    private static readonly (string Name, Func<TaskMetrics, double?> Get, string Format)[] MetricRows =
    [
        ("cls top-1 accuracy", m => 1 - m.Top1Error, "P2"),
        ("det AP (0.50:0.95)", m => m.AP, "0.000"),
        ("det AP50", m => m.AP50, "0.000"),
        ("det AP75", m => m.AP75, "0.000"),
        ("det AR@100", m => m.AR100, "0.000"),
        ("seg mIoU", m => m.MeanIoU, "0.000"),
        ("seg pixel accuracy", m => m.PixelAccuracy, "P2"),
    ];

    /// <summary>
    /// <c>netspace eval</c> of a multi-task run: each measured metric next to the value the run recorded in its
    /// <c>result.json</c> (null when it recorded none, e.g. on other data).
    /// </summary>
    public static void WriteEvaluation(IAnsiConsole console, string data, TaskMetrics now, TaskMetrics? recorded)
    {
        var table = new Table().AddColumn("metric").AddColumn(new TableColumn($"test ({now.Images} scenes)").RightAligned()).AddColumn(new TableColumn("run's result.json").RightAligned());
        foreach (var (name, get, format) in MetricRows.Where(row => row.Get(now) is not null))
        {
            table.AddRow(Markup.Escape(name), Markup.Escape(Format(now, get, format)), Markup.Escape(Format(recorded, get, format)));
        }

        console.Write(table);
        console.WriteLine($"data {data}");
    }

    private static string Format(TaskMetrics? m, Func<TaskMetrics, double?> get, string format) =>
        m is not null && get(m) is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    /// <summary>Writes the result.</summary>
    public static void Write(IAnsiConsole console, MultiTaskResult r, string? outDir)
    {
        var table = new Table().AddColumn("metric").AddColumn(new TableColumn("test").RightAligned()).AddColumn(new TableColumn("trivial baseline").RightAligned());
        if (r.Val is not null)
        {
            table.AddColumn(new TableColumn("val").RightAligned());
        }

        foreach (var (name, get, format) in MetricRows)
        {
            if (r.Test is not null && get(r.Test) is null)
            {
                continue;
            }

            var cells = new List<string> { name, Format(r.Test, get, format), Format(r.Baselines, get, format) };
            if (r.Val is not null)
            {
                cells.Add(Format(r.Val, get, format));
            }

            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }

        console.Write(table);

        var grid = new Grid().AddColumn().AddColumn();
        void Line(string key, string value) => grid.AddRow(Markup.Escape(key), Markup.Escape(value));
        Line("status", Training.RunStatuses.Name(r.Status) + (r.Reason is null ? string.Empty : $" ({r.Reason})"));
        Line("tasks", string.Join(",", r.Tasks.Select(t => NetSpace.Specs.VisionTasks.Name(t))));
        if (r.Complexity is { } cx)
        {
            Line("model", $"{Units.Flops(r.Flops)} flops, {Units.Count(r.Params)} params (backbone {Units.Flops(cx.Backbone.Flops)}, neck {Units.Flops(cx.Neck.Flops)}, det {Units.Flops(cx.Detection.Flops)}, seg {Units.Flops(cx.Segmentation.Flops)}, cls {Units.Flops(cx.Classification.Flops)})");
        }

        if (r.Test?.ClassIoU is { Count: > 0 } iou)
        {
            Line("seg IoU by mask class", string.Join(" ", iou.Select((v, c) => string.Create(CultureInfo.InvariantCulture, $"{c}:{(v is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) : "–")}"))) + " (0 = background)");
        }

        Line("epochs", r.Epochs.ToString(CultureInfo.InvariantCulture));
        Line("time", string.Create(CultureInfo.InvariantCulture, $"{r.TrainSeconds:0.0} s, {r.ImagesPerSecond:0} train scenes/s ({r.TrainImages} scenes)"));
        Line("seed", r.Seed.ToString(CultureInfo.InvariantCulture));
        if (outDir is not null)
        {
            Line("run folder", Path.GetFullPath(outDir));
            if (r.TestDetections is not null)
            {
                Line("test detections", Path.Combine(Path.GetFullPath(outDir), r.TestDetections));
            }
        }

        console.Write(grid);
    }
}
