using System.CommandLine;
using System.Globalization;
using NetSpace.DesignSpaces;
using NetSpace.Reports;
using NetSpace.Serialization;

namespace NetSpace.Cli.Commands;

/// <summary>
/// <c>netspace space refine SWEEP --store S --out FILE</c>: a RegNet space restricted to the empirical-bootstrap
/// ranges of d, w0, wa, wm and g of the sweep's best models (the paper's refinement step), written as a space
/// JSON file that <c>sweep create --space FILE</c> samples from.
/// </summary>
internal static class SpaceRefineCommand
{
    /// <summary>The <c>refine</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var sweep = new Argument<string>("SWEEP") { Description = "A finished sweep of a RegNet space (regnetx, regnety or a RegNet space file)" };
        var store = SweepStoreOption.Create();
        var output = new Option<string>("--out") { Description = "Space JSON file to write", HelpName = "FILE", Required = true };
        var name = new Option<string?>("--name") { Description = "Name of the refined space (default: SPACE-refined)", HelpName = "NAME" };
        var draws = new Option<int>("--draws") { Description = "Bootstrap draws (each of 25% of the trials, with replacement)", HelpName = "N", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<long>("--seed") { Description = "Bootstrap seed", HelpName = "S", DefaultValueFactory = _ => 0 };
        var command = new Command("refine", "Write a RegNet space restricted to the bootstrap ranges of d, w0, wa, wm, g of a sweep's best models (the RegNet paper's refinement)")
        {
            sweep, store, output, name, draws, seed,
        };
        command.SetAction(parse =>
        {
            string sweepName = parse.GetValue(sweep)!;
            using var trialStore = SweepStoreOption.Open(parse.GetValue(store)!, create: false);
            var population = SweepStoreOption.Guard(() => SweepPopulation.Load(trialStore, sweepName));
            var parentSpace = SweepStoreOption.Guard(() => DesignSpaceCatalog.Get(population.Definition.Space));
            if (parentSpace.Definition.RegNet is null)
            {
                throw new CliUsageException($"SWEEP: '{sweepName}' was sampled from '{population.Definition.Space}', not a RegNet space; only d, w0, wa, wm and g can be refined");
            }

            if (population.Trials.Count < 8)
            {
                throw new CliUsageException($"SWEEP: '{sweepName}' has {population.Trials.Count} completed trials; the bootstrap needs at least 8");
            }

            var options = new AnalysisOptions { Draws = parse.GetValue(draws), Seed = parse.GetValue(seed) };
            try
            {
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(ex.Message, ex);
            }

            var summary = SweepAnalyzer.Analyze([population], options).Sweeps[0];
            var ranges = new Dictionary<string, (double Low, double High)>();
            foreach (var (key, analysisName) in SpaceRefinement.Parameters)
            {
                if (summary.Parameters.FirstOrDefault(p => p.Name == analysisName) is { } trend)
                {
                    ranges[key] = (trend.Low, trend.High);
                }
            }

            string refinedName = parse.GetValue(name) ?? $"{Path.GetFileNameWithoutExtension(parentSpace.Name)}-refined";
            string description = string.Create(
                CultureInfo.InvariantCulture,
                $"{parentSpace.Name} refined by the bootstrap (95% ranges of the best 25%, {options.Draws} draws, seed {options.Seed}) of sweep {sweepName} ({population.Trials.Count} models): ")
                + string.Join(", ", ranges.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} [{r.Value.Low:0.###}, {r.Value.High:0.###}]")));
            var refined = SpaceRefinement.Refine(parentSpace.Definition, ranges, refinedName, description);
            var checkedSpace = SweepStoreOption.Guard(() => DesignSpace.Create(refined, parse.GetValue(output)!));
            AtomicFile.WriteAllText(parse.GetValue(output)!, refined.ToJson() + "\n");
            context.Out.WriteLine($"wrote {parse.GetValue(output)}: {refinedName}, {checkedSpace.Cardinality:0.#e0} settings (parent {parentSpace.Cardinality:0.#e0})");
            foreach (string line in SpaceRefinement.Describe(parentSpace.Definition, refined))
            {
                context.Out.WriteLine("  " + line);
            }

            return CliApp.Success;
        });
        return command;
    }
}
