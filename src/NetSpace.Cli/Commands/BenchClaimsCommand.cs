using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Sweeps;

namespace NetSpace.Cli.Commands;

/// <summary>
/// <c>netspace bench claims --store A [--store B …]</c>: trial-claim throughput of each store with W concurrent
/// claimers (no training), the stores measured alternately in one run so their ratio is fair on a shared machine.
/// </summary>
internal static class BenchClaimsCommand
{
    /// <summary>The <c>claims</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var stores = new Option<string[]>("--store")
        {
            Description = "Store to measure (repeat to compare): an SQLite file (created if missing) or postgres://user@host:port/db; a throw-away sweep is created and deleted",
            HelpName = "PATH|URL",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var workers = OptionFactory.OptionalInt("--workers", "W", "Concurrent claimers, each with its own connection (default 8)", min: 1);
        var trials = OptionFactory.OptionalInt("--trials", "N", "Trials per measurement (default 400)", min: 1);
        var rounds = OptionFactory.OptionalInt("--rounds", "R", "Measurements per store, alternating between the stores (default 3)", min: 1);
        var json = OptionFactory.Json("every measurement");
        var command = new Command("claims", "Trial-claim throughput (claim + complete per second) of trial stores with concurrent workers, measured alternately in one run")
        {
            stores, workers, trials, rounds, json,
        };
        command.SetAction(parse =>
        {
            string[] locations = parse.GetValue(stores)!;
            int w = parse.GetValue(workers) ?? 8, n = parse.GetValue(trials) ?? 400, r = parse.GetValue(rounds) ?? 3;
            var measured = new List<ClaimBenchmarkResult>();
            for (int round = 0; round < r; round++)
            {
                foreach (string location in locations)
                {
                    var result = SweepStoreOption.Guard(() => ClaimBenchmark.Run(() => TrialStores.Open(location, create: true), w, n));
                    measured.Add(result);
                    context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: {result.Store}: {result.ClaimsPerSecond:0} claims/s"));
                }
            }

            var byStore = measured.GroupBy(m => m.Store).Select(g => (Store: g.Key, Runs: g.ToArray())).ToArray();
            if (parse.GetValue(json))
            {
                var array = new JsonArray();
                foreach (var (store, runs) in byStore)
                {
                    array.Add(new JsonObject
                    {
                        ["store"] = store,
                        ["workers"] = w,
                        ["trials"] = n,
                        ["claims_per_second"] = new JsonArray(runs.Select(x => (JsonNode)JsonValue.Create(Math.Round(x.ClaimsPerSecond, 1))).ToArray()),
                        ["median_claims_per_second"] = Math.Round(Analysis.Statistics.Median(runs.Select(x => x.ClaimsPerSecond).ToArray()), 1),
                        ["median_claim_ms"] = Math.Round(Analysis.Statistics.Median(runs.Select(x => x.ClaimMilliseconds).ToArray()), 2),
                        ["median_complete_ms"] = Math.Round(Analysis.Statistics.Median(runs.Select(x => x.CompleteMilliseconds).ToArray()), 2),
                    });
                }

                JsonReport.Write(context.Out, array);
                return CliApp.Success;
            }

            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{w} concurrent workers, {n} trials per measurement, {r} alternating rounds"));
            foreach (var (store, runs) in byStore)
            {
                double median = Analysis.Statistics.Median(runs.Select(x => x.ClaimsPerSecond).ToArray());
                context.Out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{store}: {median:0} claims/s median ({string.Join(", ", runs.Select(x => x.ClaimsPerSecond.ToString("0", CultureInfo.InvariantCulture)))}); claim {Analysis.Statistics.Median(runs.Select(x => x.ClaimMilliseconds).ToArray()):0.0} ms, complete {Analysis.Statistics.Median(runs.Select(x => x.CompleteMilliseconds).ToArray()):0.0} ms (medians)"));
            }

            return CliApp.Success;
        });
        return command;
    }
}
