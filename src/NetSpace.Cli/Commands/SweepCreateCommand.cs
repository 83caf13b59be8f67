using System.CommandLine;
using NetSpace.Cli.Output;
using NetSpace.DesignSpaces;
using NetSpace.Sweeps;
using NetSpace.Training;
using NetSpace.Torch.Training;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace sweep create</c>: sample N specs from a design space and store them as pending trials.</summary>
internal static class SweepCreateCommand
{
    /// <summary>The <c>create</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "Sweep name, unique in the store (letters, digits, '.', '_', '-')" };
        var space = new Option<string>("--space")
        {
            Description = "Design space: a built-in name (see 'netspace space list') or a user space JSON file",
            HelpName = "NAME|FILE",
            Required = true,
        };
        var samples = OptionFactory.Int("--samples", "N", "Number of trials: distinct specs sampled under the windows", min: 1);
        samples.Required = true;
        var flops = new Option<string?>("--flops") { Description = "Window on multiply-adds at the data's input size, e.g. 8M:12M, :400M", HelpName = "LO:HI" };
        var parameters = new Option<string?>("--params") { Description = "Window on parameters, e.g. :1M", HelpName = "LO:HI" };
        var acts = new Option<string?>("--acts") { Description = "Window on activations", HelpName = "LO:HI" };
        var seed = OptionFactory.Int("--seed", "S", "Sweep seed: sampling, the data subset/split, and every trial's seed (recorded)");
        seed.DefaultValueFactory = _ => 0;
        var recipe = new RecipeOptions();
        var store = SweepStoreOption.Create();
        var json = OptionFactory.Json("the created sweep");
        var command = new Command("create", "Sample N specs from a design space under complexity windows, re-targeted to the data, and store them as pending trials with the recipe and per-trial seeds")
        {
            name, space, samples, flops, parameters, acts, seed,
        };
        recipe.AddTo(command);
        command.Add(store);
        command.Add(json);
        command.SetAction(parse =>
        {
            string sweepName = parse.GetValue(name)!;
            try
            {
                SweepDefinition.ValidateName(sweepName);
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(ex.Message);
            }

            var constraints = new ComplexityConstraints
            {
                Flops = Window(parse.GetValue(flops), "--flops"),
                Params = Window(parse.GetValue(parameters), "--params"),
                Acts = Window(parse.GetValue(acts), "--acts"),
            };
            var definition = new SweepDefinition
            {
                Name = sweepName,
                Space = parse.GetValue(space)!,
                Samples = parse.GetValue(samples),
                Constraints = constraints,
                Recipe = recipe.Recipe(parse),
                Data = recipe.Data(parse),
                Subset = recipe.Subset(parse),
                ValSplit = recipe.ValSplit(parse),
                Stem = recipe.Stem(parse),
                Seed = parse.GetValue(seed),
            };

            using var trialStore = SweepStoreOption.Open(parse.GetValue(store)!, create: true);
            if (trialStore.FindSweep(sweepName) is not null)
            {
                throw new CliUsageException($"a sweep named '{sweepName}' already exists in {trialStore.Location}; choose another name");
            }

            IDesignSpace designSpace;
            try
            {
                designSpace = DesignSpaceCatalog.Get(definition.Space);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new CliUsageException($"--space: {ex.Message}", ex);
            }

            var created = SweepStoreOption.Guard(() => SweepCreator.Create(trialStore, definition, designSpace, TorchTrialTrainer.ShapeOf(definition.Data, definition.Recipe, definition.Seed)));
            if (parse.GetValue(json))
            {
                JsonReport.Write(context.Out, SweepCreationReport.CreationJson(created));
            }
            else
            {
                SweepCreationReport.WriteCreation(context.Console, created, trialStore.Location);
            }

            return CliApp.Success;
        });
        return command;
    }

    private static ComplexityWindow? Window(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return ComplexityWindow.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"{option}: {ex.Message}");
        }
    }
}
