using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Sweeps;

namespace NetSpace.Cli.Commands;

/// <summary>
/// <c>netspace sweep copy NAME --from STORE --to STORE</c>: moves a sweep between stores (SQLite ⇄ PostgreSQL)
/// unchanged: trial states, leases, times, results, per-epoch metrics and the claim log.
/// </summary>
internal static class SweepCopyCommand
{
    /// <summary>The <c>copy</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "Sweep name" };
        var from = new Option<string>("--from") { Description = "Source store: an SQLite file or postgres://user@host:port/db", HelpName = "STORE", Required = true };
        var to = new Option<string>("--to") { Description = "Target store (created when missing); must not hold a sweep of that name", HelpName = "STORE", Required = true };
        var json = OptionFactory.Json("what was copied");
        var command = new Command("copy", "Copy a sweep to another store unchanged (e.g. a cluster's PostgreSQL sweep to an SQLite file on a laptop, or back)")
        {
            name, from, to, json,
        };
        command.SetAction(parse =>
        {
            string sweepName = parse.GetValue(name)!;
            using var source = SweepStoreOption.Open(parse.GetValue(from)!, create: false, context.Error);
            var archive = SweepStoreOption.Guard(() => SweepArchive.Read(source, sweepName));
            using var target = SweepStoreOption.Open(parse.GetValue(to)!, create: true, context.Error);
            SweepStoreOption.Guard(() => target.ImportSweep(archive));
            var counts = target.CountTrials(sweepName);
            int epochs = archive.Trials.Sum(t => t.Epochs.Count);
            if (parse.GetValue(json))
            {
                JsonReport.Write(context.Out, new JsonObject
                {
                    ["sweep"] = sweepName,
                    ["from"] = source.Location,
                    ["to"] = target.Location,
                    ["trials"] = counts.Total,
                    ["completed"] = counts.Completed,
                    ["failed"] = counts.Failed,
                    ["running"] = counts.Running,
                    ["pending"] = counts.Pending,
                    ["epochs"] = epochs,
                    ["claims"] = archive.Claims.Count,
                });
            }
            else
            {
                context.Out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"copied sweep {sweepName} from {source.Location} to {target.Location}: {counts.Total} trials ({counts.Completed} completed, {counts.Failed} failed, {counts.Running} running, {counts.Pending} pending), {epochs} epoch records, {archive.Claims.Count} claims"));
            }

            return CliApp.Success;
        });
        return command;
    }
}
