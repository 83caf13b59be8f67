using System.Globalization;
using NetSpace.Training;
using NetSpace.Torch.Training;
using Spectre.Console;

namespace NetSpace.Cli.Output;

/// <summary>The summary printed after a training run.</summary>
internal static class TrainingReport
{
    /// <summary>Writes the result as a short key/value list.</summary>
    public static void Write(IAnsiConsole console, TrainingResult r, string? outDir, double dataSeconds, double stepSeconds)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string key, string value) => grid.AddRow(Markup.Escape(key), Markup.Escape(value));
        string P(double x) => x.ToString("P2", CultureInfo.InvariantCulture);
        Row("status", r.Status.Name() + (r.Reason is null ? string.Empty : $" ({r.Reason})"));
        Row("epochs", r.Epochs.ToString(CultureInfo.InvariantCulture));
        Row($"best {r.SelectionSplit} top-1 error", $"{P(r.BestTop1Error)} (epoch {r.BestEpoch}), top-5 {P(r.BestTop5Error)}");
        Row("final test top-1 error", r.TestTop1Error is { } test
            ? $"{P(test)} (accuracy {P(1 - test)}), top-5 {P(r.TestTop5Error ?? double.NaN)}"
            : "not evaluated (--no-test)");
        if (r.EmaTestTop1Error is { } ema)
        {
            Row("final EMA test top-1 error", P(ema));
        }

        Row("model", $"{Units.Flops(r.Flops)} flops, {Units.Count(r.Params)} params, {Units.Count(r.Acts)} acts");
        Row("time", string.Create(CultureInfo.InvariantCulture, $"{r.TrainSeconds:0.0} s, {r.ImagesPerSecond:0} train images/s"));
        if (dataSeconds + stepSeconds > 0)
        {
            Row("data share of step time", P(dataSeconds / (dataSeconds + stepSeconds)));
        }

        Row("seed", r.Seed.ToString(CultureInfo.InvariantCulture));
        if (outDir is not null)
        {
            Row("run folder", Path.GetFullPath(outDir));
        }

        console.Write(grid);
    }
}
