using System.CommandLine;
using NetSpace.Cli.Output;
using NetSpace.Sweeps;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace sweep status NAME</c>: counts, best and median error, running trials with their lease ages, ETA.</summary>
internal static class SweepStatusCommand
{
    /// <summary>The <c>status</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "Sweep name" };
        var store = SweepStoreOption.Create();
        var json = OptionFactory.Json("the status");
        var command = new Command("status", "Show a sweep's progress: trials per status, best and median top-1 error, running trials and their leases, workers by host with their last heartbeat, ETA")
        {
            name, store, json,
        };
        command.SetAction(parse =>
        {
            using var trialStore = SweepStoreOption.Open(parse.GetValue(store)!, create: false);
            string sweepName = parse.GetValue(name)!;
            var (snapshot, trials) = SweepStoreOption.Guard(() =>
            {
                var sweep = trialStore.GetSweep(sweepName);
                var all = trialStore.GetTrials(sweepName);
                return (SweepSnapshot.From(sweep, all, trialStore.GetTime(), trialStore.GetClaims(sweepName)), all);
            });
            var failed = trials.Where(t => t.Status == TrialStatus.Failed).ToArray();
            if (parse.GetValue(json))
            {
                JsonReport.Write(context.Out, SweepStatusReport.StatusJson(snapshot, failed));
            }
            else
            {
                SweepStatusReport.WriteStatus(context.Console, snapshot, failed);
            }

            return CliApp.Success;
        });
        return command;
    }
}
