using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NetSpace.Cli.Output;
using NetSpace.DesignSpaces;
using NetSpace.Reports;
using NetSpace.Specs;
using NetSpace.Sweeps;
using NetSpace.Training;
using NetSpace.Torch.Training;

namespace NetSpace.Cli.Commands;

/// <summary>
/// <c>netspace quickstart</c>: a whole design-space study on real Fashion-MNIST in minutes — sample
/// <c>anynetx-a</c> and <c>regnetx</c> in one flops window, train both populations in a sweep, analyse,
/// print the headline. Every step is resumable: run it again after an interruption and it continues.
/// </summary>
internal static class QuickstartCommand
{
    /// <summary>The spaces compared, as in the paper's first and last design spaces.</summary>
    public static readonly string[] Spaces = ["anynetx-a", "regnetx"];

    /// <summary>A study size.</summary>
    /// <param name="Name">tiny, small or medium.</param>
    /// <param name="Samples">Models per space.</param>
    /// <param name="Flops">Flops window at 28 px with the small stem.</param>
    /// <param name="Subset">Training images (a seeded subset; 20% of it held out for validation).</param>
    /// <param name="Epochs">Epochs per model.</param>
    /// <param name="Promise">What the budget is meant to take on 2 cores.</param>
    /// <param name="Batch">Batch size (lr scales with it, pycls's rule).</param>
    public sealed record Budget(string Name, int Samples, string Flops, int Subset, int Epochs, string Promise, int Batch = 128);

    /// <summary>The budgets; each is sized by measurement on a 2-core machine.</summary>
    public static readonly Budget[] Budgets =
    [
        new("tiny", 5, "1M:3M", 2000, 2, "about 2 minutes", Batch: 64),
        new("small", 16, "1M:3M", 5000, 2, "about 7 minutes", Batch: 64),
        new("medium", 48, "1M:3M", 10000, 5, "about an hour", Batch: 64),
    ];

    /// <summary>The <c>quickstart</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "Folder for the sweep store and the report (reused to resume)", HelpName = "DIR", DefaultValueFactory = _ => "netspace-quickstart" };
        var budget = new Option<string>("--budget") { Description = "tiny (about 2 min, smoke test), small (about 7 min) or medium (about an hour) on 2 idle cores", DefaultValueFactory = _ => "small" };
        budget.AcceptOnlyFromAmong(Budgets.Select(b => b.Name).ToArray());
        var data = new Option<string>("--data") { Description = "Data source", HelpName = "SOURCE", DefaultValueFactory = _ => "fashion-mnist" };
        var workers = OptionFactory.Int("--workers", "W", "Worker processes", min: 1);
        workers.DefaultValueFactory = _ => 2;
        var seed = OptionFactory.Int("--seed", "S", "Seed of the sampling, data split, training and bootstrap");
        seed.DefaultValueFactory = _ => 0;
        var command = new Command("quickstart", "A design-space study end to end on real Fashion-MNIST: sample anynetx-a and regnetx in one flops window, train both populations (2 workers), analyse, and print the headline; resumable")
        {
            output, budget, data, workers, seed,
        };
        command.SetAction(parse =>
        {
            var watch = Stopwatch.StartNew();
            var chosen = Budgets.Single(b => b.Name == parse.GetValue(budget));
            string directory = Path.GetFullPath(parse.GetValue(output)!);
            string source = parse.GetValue(data)!;
            long studySeed = parse.GetValue(seed);
            int workerCount = parse.GetValue(workers);
            var log = context.Out;
            log.WriteLine($"quickstart ({chosen.Name}: {chosen.Promise} on 2 idle cores, longer when other work shares them): {chosen.Samples} models each from {string.Join(" and ", Spaces)}, flops {chosen.Flops} at 28 px, {chosen.Epochs} epoch{(chosen.Epochs == 1 ? string.Empty : "s")} on {chosen.Subset:N0} {source} images (20% held out for validation)");
            OutputFolderGuard.RequireNewOrOwn(directory, "--out", "quickstart", "quickstart.db");
            Directory.CreateDirectory(directory);
            string storePath = Path.Combine(directory, "quickstart.db");
            using var trialStore = SweepStoreOption.Open(storePath, create: true);
            var names = new List<string>();
            foreach (string space in Spaces)
            {
                var definition = Definition(chosen, space, source, studySeed);
                names.Add(definition.Name);
                Prepare(trialStore, definition, log);
            }

            foreach (string name in names)
            {
                var settings = new SweepRunner.Settings(workerCount, Math.Max(1, Environment.ProcessorCount / workerCount));
                int code = SweepRunner.Train(context, trialStore, storePath, name, settings, log, allowBar: true);
                if (code != CliApp.Success)
                {
                    context.Error.WriteLine($"error: the study stopped; run the same quickstart command again to continue (results so far are in {storePath})");
                    return code;
                }
            }

            var options = new AnalysisOptions { Seed = studySeed };
            var (summary, report) = AnalysisRun.Run(trialStore, names, options, Path.Combine(directory, "report"));
            log.WriteLine();
            AnalysisHeadline.Write(context.Console, summary, ["regnet_d", "regnet_wm", "d", "w4"]);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"report: {report}"));
            string storeOption = " --store " + NextStep.Quote(storePath);
            log.WriteLine($"store: {storePath}; next steps:");
            log.WriteLine($"  netspace sweep list{storeOption}");
            log.WriteLine($"  netspace sweep status {names[^1]}{storeOption}");
            log.WriteLine($"  netspace sweep export {names[^1]}{storeOption} --format csv --out {NextStep.Quote(Path.Combine(directory, names[^1] + ".csv"))}");
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"quickstart finished in {watch.Elapsed.TotalMinutes:0.0} min"));
            return CliApp.Success;
        });
        return command;
    }

    /// <summary>The sweep of one space in a budget (its name encodes budget and space, so budgets share a store).</summary>
    public static SweepDefinition Definition(Budget budget, string space, string data, long seed) => new()
    {
        Name = $"{budget.Name}-{space}",
        Space = space,
        Samples = budget.Samples,
        Constraints = new ComplexityConstraints { Flops = ComplexityWindow.Parse(budget.Flops) },
        // pycls's γ init (no zero-init): on these short schedules zero-init learns markedly slower (see README).
        Recipe = new TrainingRecipe
        {
            Epochs = budget.Epochs,
            BatchSize = budget.Batch,
            WarmupEpochs = 0.05 * budget.Epochs,
            ZeroInitFinalGamma = false,
            TestAtEndOnly = true,
        },
        Data = data,
        Subset = budget.Subset,
        ValSplit = 0.2,
        Stem = StemType.Small,
        Seed = seed,
    };

    private static void Prepare(ITrialStore store, SweepDefinition definition, TextWriter log)
    {
        if (store.FindSweep(definition.Name) is { } existing)
        {
            if (existing.Samples != definition.Samples || existing.Data != definition.Data || existing.Seed != definition.Seed
                || existing.Subset != definition.Subset || existing.Recipe != definition.Recipe || existing.Constraints != definition.Constraints)
            {
                throw new CliUsageException($"{store.Location} already holds a sweep '{definition.Name}' with other settings (data, seed or recipe); use another --out folder");
            }

            var counts = store.CountTrials(definition.Name);
            log.WriteLine($"{definition.Name}: resuming ({counts.Completed} of {counts.Total} trained)");
            return;
        }

        var created = SweepStoreOption.Guard(() => SweepCreator.Create(store, definition, DesignSpaceCatalog.Get(definition.Space), TorchTrialTrainer.ShapeOf(definition.Data, definition.Recipe, definition.Seed)));
        log.WriteLine($"{definition.Name}: sampled {created.Trials.Count} models ({created.Sampling.Draws:N0} draws)");
    }
}
