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
            var options = new AnalysisOptions { Draws = parse.GetValue(draws), Seed = parse.GetValue(seed) };
            try
            {
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(ex.Message, ex);
            }

            RefinedSpace refinement;
            try
            {
                refinement = SweepStoreOption.Guard(() => PopulationRefinement.Refine(population, options, parse.GetValue(name)));
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException("SWEEP: " + ex.Message.Replace(" (Parameter 'population')", string.Empty, StringComparison.Ordinal).Replace(" (Parameter 'options')", string.Empty, StringComparison.Ordinal), ex);
            }

            var (parentSpace, refined) = (refinement.Parent, refinement.Definition);
            var checkedSpace = SweepStoreOption.Guard(() => DesignSpace.Create(refined, parse.GetValue(output)!));
            AtomicFile.WriteAllText(parse.GetValue(output)!, refined.ToJson() + "\n");
            context.Out.WriteLine($"wrote {parse.GetValue(output)}: {refined.Name}, {checkedSpace.Cardinality:0.#e0} settings (parent {parentSpace.Cardinality:0.#e0})");
            foreach (string line in refinement.Describe())
            {
                context.Out.WriteLine("  " + line);
            }

            return CliApp.Success;
        });
        return command;
    }
}
