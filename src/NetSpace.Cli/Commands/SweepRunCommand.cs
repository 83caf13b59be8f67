using System.CommandLine;
using System.Diagnostics;
using NetSpace.Cli.Output;
using NetSpace.Sweeps;

namespace NetSpace.Cli.Commands;

/// <summary>
/// <c>netspace sweep run</c>: trains the sweep's unfinished trials in W worker processes (the same
/// executable, hidden <c>sweep worker</c> command) and shows progress by polling the store. The store
/// decides who trains what, so killing this command (even with SIGKILL) loses only the trials in
/// training, which the next run — or another runner on the same store — claims again.
/// </summary>
internal static class SweepRunCommand
{
    /// <summary>The <c>run</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "Sweep name" };
        var workers = OptionFactory.Int("--workers", "W", "Worker processes (each trains one trial at a time)", min: 1);
        workers.DefaultValueFactory = _ => 1;
        var threads = OptionFactory.OptionalInt("--threads-per-worker", "T", "libtorch threads per worker (default: cores / workers)", min: 1);
        var retryFailed = new Option<bool>("--retry-failed") { Description = "Make failed trials pending again before starting" };
        var lease = OptionFactory.Double("--lease", "SECONDS", "Lease length: a trial whose worker stops renewing it for this long is trained again");
        lease.DefaultValueFactory = _ => 60;
        var maxAttempts = OptionFactory.Int("--max-attempts", "N", "Mark a trial failed after its worker was lost, or its training hit a native libtorch error, this many times", min: 1);
        maxAttempts.DefaultValueFactory = _ => 3;
        var store = SweepStoreOption.Create();
        var json = OptionFactory.Json("the final status (progress goes to stderr)");
        var runs = SweepWorkerCommand.RunsOption();
        var command = new Command("run", "Train the sweep's pending trials in worker processes; safe to interrupt and run again, or to run several times at once on one store")
        {
            name, workers, threads, retryFailed, lease, maxAttempts, runs, store, json,
        };
        command.SetAction(parse =>
        {
            string sweepName = parse.GetValue(name)!;
            int workerCount = parse.GetValue(workers);
            int threadCount = parse.GetValue(threads) ?? Math.Max(1, Environment.ProcessorCount / workerCount);
            double leaseSeconds = parse.GetValue(lease);
            if (leaseSeconds < 0.1)
            {
                throw new CliUsageException($"--lease: {leaseSeconds} must be ≥ 0.1 seconds");
            }

            bool toJson = parse.GetValue(json);
            var log = toJson ? context.Error : context.Out;
            string storePath = SweepStoreOption.Guard(() => TrialStores.Normalize(parse.GetValue(store)!));
            using var trialStore = SweepStoreOption.Open(storePath, create: false, context.Error);
            SweepStoreOption.Guard(() => trialStore.GetSweep(sweepName));
            if (parse.GetValue(retryFailed))
            {
                int retried = trialStore.RetryFailed(sweepName);
                log.WriteLine($"{retried} failed trial{(retried == 1 ? string.Empty : "s")} made pending again");
            }

            var counts = trialStore.CountTrials(sweepName);
            var watch = Stopwatch.StartNew();
            var settings = new SweepRunner.Settings(workerCount, threadCount, leaseSeconds, parse.GetValue(maxAttempts), parse.GetValue(runs));
            int code = SweepRunner.Train(context, trialStore, storePath, sweepName, settings, log, allowBar: !toJson);
            if (code != CliApp.Success)
            {
                return code;
            }

            var final = SweepSnapshot.Take(trialStore, sweepName, hosts: true);
            if (toJson)
            {
                JsonReport.Write(context.Out, SweepStatusReport.StatusJson(final));
            }
            else
            {
                log.WriteLine(SweepStatusReport.FinishedLine(final, counts.Unfinished == 0 ? null : watch.Elapsed));
            }

            return CliApp.Success;
        });
        return command;
    }
}
