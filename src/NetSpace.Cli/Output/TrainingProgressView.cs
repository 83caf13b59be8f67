using System.Globalization;
using NetSpace.Training;
using NetSpace.Torch.Training;
using Spectre.Console;

namespace NetSpace.Cli.Output;

/// <summary>
/// Shows training progress: a live bar per epoch (loss, lr, images/s, ETA) on a terminal, or one
/// plain line per finished epoch when output is redirected (CI logs).
/// </summary>
internal static class TrainingProgressView
{
    /// <summary>Runs <paramref name="train"/> while showing its progress.</summary>
    public static TResult Run<TResult>(CliContext context, TextWriter log, bool allowBar, Func<IProgress<TrainingProgress>, TResult> train)
    {
        if (!allowBar || !context.Console.Profile.Capabilities.Interactive)
        {
            return train(new Reporter(p =>
            {
                if (FinishedLine(p) is { } line)
                {
                    log.WriteLine(line);
                    log.Flush();
                }
            }));
        }

        TResult? result = default;
        context.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask? task = null;
                result = train(new Reporter(p =>
                {
                    if (task is null || task.Description.StartsWith($"epoch {p.Epoch}/", StringComparison.Ordinal) == false)
                    {
                        task?.StopTask();
                        task = ctx.AddTask($"epoch {p.Epoch}/{p.Epochs}", maxValue: p.Steps);
                    }

                    task.Value = p.Step;
                    task.Description = FinishedLine(p) is { } line
                        ? Markup.Escape(line)
                        : Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}/{p.Epochs}  loss {p.Loss:0.0000}  lr {p.Lr:0.00000}  {p.ImagesPerSecond:0} img/s"));
                }));
                task?.StopTask();
            });
        return result!;
    }

    private static string? FinishedLine(TrainingProgress p) => p.Summary ?? (p.Finished is { } m ? EpochLine(p.Epochs, m) : null);

    /// <summary>One line summarising a finished epoch.</summary>
    public static string EpochLine(int epochs, EpochMetrics m)
    {
        string val = m.ValTop1Error is { } v ? string.Create(CultureInfo.InvariantCulture, $"  val err {v:P2}") : string.Empty;
        string test = m.TestTop1Error is { } t ? string.Create(CultureInfo.InvariantCulture, $"  test err {t:P2} top-5 {m.TestTop5Error:P2}") : string.Empty;
        string ema = m.EmaTestTop1Error is { } e ? string.Create(CultureInfo.InvariantCulture, $"  ema test err {e:P2}") : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {m.Epoch}/{epochs}  lr {m.Lr:0.00000}  train loss {m.TrainLoss:0.0000} err {m.TrainTop1Error:P2}{val}{test}{ema}  {m.ImagesPerSecond:0} img/s  {m.Seconds:0.0} s");
    }

    private sealed class Reporter(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
