using System.CommandLine;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.DesignSpaces;
using NetSpace.Specs;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace space list|show|sample</c>: design spaces and seeded, constrained sampling from them.</summary>
internal static class SpaceCommands
{
    /// <summary>The <c>space</c> command group.</summary>
    public static Command Create(CliContext context) => new("space", "Design spaces (AnyNetX A–E, RegNetX/Y, JSON files): list them, show their distributions and rules, sample specs under complexity windows")
    {
        List(context),
        Show(context),
        Sample(context),
        SpaceRefineCommand.Create(context),
    };

    private static Command List(CliContext context)
    {
        var json = OptionFactory.Json("a JSON array of {name, family, description, cardinality}");
        var command = new Command("list", "List the built-in design spaces") { json };
        command.SetAction(parse =>
        {
            var spaces = DesignSpaceCatalog.BuiltIn;
            if (parse.GetValue(json))
            {
                var array = new JsonArray();
                foreach (var space in spaces)
                {
                    array.Add(new JsonObject
                    {
                        ["name"] = space.Name,
                        ["family"] = space.Family,
                        ["description"] = space.Description,
                        ["cardinality"] = space.Cardinality,
                    });
                }

                JsonReport.Write(context.Out, array);
                return CliApp.Success;
            }

            SpaceReport.WriteList(context.Console, spaces);
            return CliApp.Success;
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var name = SpaceArgument();
        var json = OptionFactory.Json("{name, family, description, cardinality, template, parameters, rules, constraints, definition}; definition is a space file");
        var command = new Command("show", "Show a design space: template, parameters and their distributions, sharing and monotonicity rules, windows") { name, json };
        command.SetAction(parse =>
        {
            string argument = parse.GetValue(name)!;
            var space = Load(argument);
            string? path = File.Exists(argument) ? argument : null;
            if (parse.GetValue(json))
            {
                JsonReport.Write(context.Out, SpaceReport.SpaceJson(space, path));
                return CliApp.Success;
            }

            SpaceReport.WriteSpace(context.Console, space, path);
            return CliApp.Success;
        });
        return command;
    }

    private static Command Sample(CliContext context)
    {
        var name = SpaceArgument();
        var count = OptionFactory.Int("--n", "N", "Number of distinct specs to sample (default 5)", min: 1);
        count.DefaultValueFactory = _ => 5;
        var flops = WindowOption("--flops", "flops (multiply-adds) at the sampled input size");
        var parameters = WindowOption("--params", "parameters");
        var acts = WindowOption("--acts", "activations");
        var seed = OptionFactory.Int("--seed", "S", "Seed of the sampler (same seed ⇒ same specs; default 0)");
        seed.DefaultValueFactory = _ => 0;
        var maxDraws = new Option<long?>("--max-draws")
        {
            Description = $"Give up after this many draws (default {SpaceSampler.DrawsPerSample:N0} per requested spec, at least 100,000)",
            HelpName = "D",
            CustomParser = result =>
            {
                string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
                if (long.TryParse(token, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long v) && v >= 1)
                {
                    return v;
                }

                result.AddError($"--max-draws: '{token}' is not a whole number ≥ 1");
                return null;
            },
        };
        var retarget = new RetargetOptions();
        var json = OptionFactory.Json("{space, seed, draws, acceptance_rate, …, samples: [{name, flops, params, acts, spec}]}");
        var command = new Command(
            "sample",
            "Sample distinct specs from a design space by seeded rejection sampling under complexity windows (the space file's windows unless given here)")
        {
            name, count, flops, parameters, acts, seed, maxDraws, json,
        };
        retarget.AddTo(command);
        command.SetAction(parse =>
        {
            var space = Load(parse.GetValue(name)!);
            var own = space.Constraints;
            var constraints = own with
            {
                Flops = parse.GetValue(flops) ?? own.Flops,
                Params = parse.GetValue(parameters) ?? own.Params,
                Acts = parse.GetValue(acts) ?? own.Acts,
            };
            int s = parse.GetValue(seed);
            var target = Retarget(parse);
            SamplingResult result;
            try
            {
                result = SpaceSampler.Sample(space, parse.GetValue(count), constraints, s, target, parse.GetValue(maxDraws));
            }
            catch (SamplingException ex)
            {
                throw new CliUsageException(ex.Message, ex);
            }

            if (parse.GetValue(json))
            {
                JsonReport.Write(context.Out, SpaceReport.SamplingJson(space, s, constraints, result));
                return CliApp.Success;
            }

            SpaceReport.WriteSampling(context.Console, space, s, constraints, result);
            return CliApp.Success;
        });
        return command;
    }

    private static Argument<string> SpaceArgument() => new("space")
    {
        Description = $"Built-in space ({string.Join(", ", DesignSpaceCatalog.Names)}) or a space JSON file (see docs/spaces/)",
    };

    private static DesignSpace Load(string nameOrFile)
    {
        try
        {
            return DesignSpaceCatalog.Get(nameOrFile);
        }
        catch (UnknownDesignSpaceException ex)
        {
            throw new CliUsageException(ex.Message, ex);
        }
    }

    // The sampler validates every draw, so re-targeting here only rewrites the fields (RetargetOptions.Apply
    // would validate a second time per draw).
    private static Func<NetworkSpec, NetworkSpec>? Retarget(ParseResult parse)
    {
        int? size = parse.GetValue<int?>("--size");
        int? channels = parse.GetValue<int?>("--channels");
        int? classes = parse.GetValue<int?>("--classes");
        StemType? stem = parse.GetValue<string?>("--stem") switch
        {
            null => null,
            "resnet" => StemType.ResNet,
            "small" => StemType.Small,
            _ => StemType.Simple,
        };
        if (size is null && channels is null && classes is null && stem is null)
        {
            return null;
        }

        return spec => spec.Retarget(size, channels, classes, stem);
    }

    private static Option<ComplexityWindow?> WindowOption(string optionName, string what) => new(optionName)
    {
        Description = $"Window LO:HI on {what}, K/M/G suffixes, either side may be empty (e.g. 8M:12M, :400M)",
        HelpName = "LO:HI",
        CustomParser = result =>
        {
            string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            try
            {
                return ComplexityWindow.Parse(token);
            }
            catch (FormatException ex)
            {
                result.AddError($"{optionName}: {ex.Message}");
                return null;
            }
        },
    };
}
