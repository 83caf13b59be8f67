using System.Diagnostics;
using System.Globalization;
using NetSpace.Sweeps;
using Spectre.Console;

namespace NetSpace.Cli.Output;

/// <summary>
/// Progress of <c>sweep run</c>, read from the store every ~2 s while the workers run: a Spectre
/// progress bar (finished of total, counts, best error, ETA) on a terminal, or one plain line each
/// time something changes when output is redirected.
/// </summary>
internal static class SweepProgressView
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>Shows progress until <paramref name="waitForWorkers"/> reports that every worker has ended.</summary>
    /// <param name="context">Console.</param>
    /// <param name="log">Where plain lines go.</param>
    /// <param name="allowBar">Whether a live bar may be drawn (not with <c>--json</c>).</param>
    /// <param name="sweep">Sweep name.</param>
    /// <param name="poll">Reads the sweep's state from the store.</param>
    /// <param name="waitForWorkers">Waits up to the given time; true when all workers have ended.</param>
    /// <param name="workers">Number of workers (for the ETA).</param>
    public static void Run(CliContext context, TextWriter log, bool allowBar, string sweep, Func<SweepSnapshot> poll, Func<TimeSpan, bool> waitForWorkers, int workers)
    {
        var watch = Stopwatch.StartNew();
        if (!allowBar || !context.Console.Profile.Capabilities.Interactive)
        {
            string? last = null;
            bool done;
            do
            {
                done = waitForWorkers(PollInterval);
                var snapshot = poll();
                string line = SweepStatusReport.ProgressLine(snapshot, watch.Elapsed, workers);
                string key = line[(line.IndexOf(']', StringComparison.Ordinal) + 1)..]; // the state without the clock
                int eta = key.IndexOf(" · ETA", StringComparison.Ordinal);
                key = eta < 0 ? key : key[..eta];
                if (key != last)
                {
                    log.WriteLine(line);
                    log.Flush();
                    last = key;
                }
            }
            while (!done);
            return;
        }

        // On narrow terminals (80 columns, or an unknown width that Spectre takes as 80) a shorter bar and a shorter
        // description keep each update on one line; the description drops detail rather than wrapping mid-word.
        int width = context.Console.Profile.Width;
        int barWidth = width >= 140 ? 40 : 16;
        int room = Math.Max(16, width - barWidth - 20);
        context.Console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = barWidth }, new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var first = poll();
                var task = ctx.AddTask(Markup.Escape(sweep), maxValue: Math.Max(1, first.Counts.Total));
                bool done = false;
                while (true)
                {
                    var snapshot = poll();
                    var c = snapshot.Counts;
                    task.Value = c.Finished;
                    string best = snapshot.Best?.Result is { } r ? string.Create(CultureInfo.InvariantCulture, $" · best {r.BestTop1Error:P2}") : string.Empty;
                    string eta = c.Unfinished > 0 && snapshot.EstimateRemainingSeconds(workers) is double s ? $" · ETA {SweepStatusReport.Duration(s)}" : string.Empty;
                    string[] candidates =
                    [
                        string.Create(CultureInfo.InvariantCulture, $"{sweep}: {c.Finished}/{c.Total} done ({c.Failed} failed), {c.Running} running{best}{eta}"),
                        string.Create(CultureInfo.InvariantCulture, $"{sweep}: {c.Finished}/{c.Total}{best}{eta}"),
                        string.Create(CultureInfo.InvariantCulture, $"{c.Finished}/{c.Total}{best}{eta}"),
                        string.Create(CultureInfo.InvariantCulture, $"{c.Finished}/{c.Total}{eta}"),
                    ];
                    task.Description = Markup.Escape(candidates.FirstOrDefault(d => d.Length <= room) ?? candidates[^1]);
                    if (done)
                    {
                        break;
                    }

                    done = waitForWorkers(PollInterval);
                }

                task.StopTask();
            });
    }
}
