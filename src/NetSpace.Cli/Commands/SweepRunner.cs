using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using NetSpace.Cli.Output;
using NetSpace.Sweeps;

namespace NetSpace.Cli.Commands;

/// <summary>
/// Trains a sweep's unfinished trials in worker processes (the same executable, hidden <c>sweep worker</c>
/// command) while showing progress from the store; used by <c>sweep run</c> and <c>quickstart</c>.
/// </summary>
internal static class SweepRunner
{
    /// <summary>How to run the workers.</summary>
    /// <param name="Workers">Worker processes.</param>
    /// <param name="Threads">libtorch threads per worker.</param>
    /// <param name="LeaseSeconds">Lease length.</param>
    /// <param name="MaxAttempts">Attempts before a trial whose worker keeps dying is failed.</param>
    /// <param name="RunsDirectory">Keep each trial's run folder under this folder (null: trials train in memory).</param>
    public sealed record Settings(int Workers, int Threads, double LeaseSeconds = 60, int MaxAttempts = 3, string? RunsDirectory = null);

    /// <summary>Trains until no trial is unfinished; returns the exit code (an error line was written when not 0).</summary>
    public static int Train(CliContext context, ITrialStore trialStore, string storePath, string sweepName, Settings settings, TextWriter log, bool allowBar)
    {
        var counts = trialStore.CountTrials(sweepName);
        if (counts.Unfinished > 0)
        {
            int started = Math.Min(settings.Workers, counts.Unfinished);
            log.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"sweep {sweepName}: {counts.Unfinished} of {counts.Total} trials to train with {started} worker process{(started == 1 ? string.Empty : "es")} × {settings.Threads} thread{(settings.Threads == 1 ? string.Empty : "s")} (store {trialStore.Location})"));
            log.Flush();
            string[] arguments =
            [
                "sweep", "worker", sweepName,
                "--threads", settings.Threads.ToString(CultureInfo.InvariantCulture),
                "--lease", settings.LeaseSeconds.ToString(CultureInfo.InvariantCulture),
                "--max-attempts", settings.MaxAttempts.ToString(CultureInfo.InvariantCulture),
                "--watch-stdin",
                .. (settings.RunsDirectory is { } runs ? new[] { "--runs", Path.GetFullPath(runs) } : []),
            ];
            var processes = new List<SweepWorkerProcess>();
            try
            {
                for (int i = 1; i <= started; i++)
                {
                    processes.Add(SweepWorkerProcess.Start(i, arguments, settings.Threads, storePath));
                }

                // Ctrl+C reaches the workers too (same process group); SIGTERM only us: either way, ask them to stop and wait.
                bool interrupted = false;
                void Interrupt(PosixSignalContext c)
                {
                    c.Cancel = true;
                    interrupted = true;
                    foreach (var p in processes)
                    {
                        p.RequestStop();
                    }
                }

                using (PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt))
                using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt))
                {
                    SweepProgressView.Run(
                        context,
                        log,
                        allowBar,
                        sweepName,
                        poll: () => SweepSnapshot.Take(trialStore, sweepName),
                        waitForWorkers: timeout => WaitAll(processes, timeout),
                        workers: started);
                }

                var after = trialStore.CountTrials(sweepName);
                if (interrupted && after.Unfinished > 0)
                {
                    context.Error.WriteLine($"error: interrupted with {after.Unfinished} of {after.Total} trials unfinished; continue with: netspace sweep run {sweepName}{NextStep.StoreOption(trialStore.Location)}");
                    return CliApp.Failure;
                }

                if (after.Unfinished > 0)
                {
                    var crashed = processes.Where(p => p.ExitCode != 0).ToArray();
                    string why = crashed.Length == 0
                        ? "the workers stopped"
                        : string.Join("; ", crashed.Select(p => $"worker {p.Number} exited with code {p.ExitCode}{(p.LastErrors.Length > 0 ? ": " + p.LastErrors : string.Empty)}"));
                    context.Error.WriteLine($"error: {after.Unfinished} of {after.Total} trials unfinished: {why}; run 'netspace sweep run {sweepName}{NextStep.StoreOption(trialStore.Location)}' again to finish them");
                    return CliApp.Failure;
                }
            }
            finally
            {
                foreach (var p in processes)
                {
                    if (!p.HasExited)
                    {
                        p.RequestStop();
                    }
                }

                foreach (var p in processes)
                {
                    if (!p.WaitForExit(TimeSpan.FromSeconds(40)))
                    {
                        p.Kill();
                    }

                    p.Dispose();
                }
            }
        }

        return CliApp.Success;
    }

    private static bool WaitAll(List<SweepWorkerProcess> processes, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var p in processes)
        {
            var left = timeout - deadline.Elapsed;
            if (!p.WaitForExit(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                return false;
            }
        }

        return true;
    }
}
