using System.CommandLine;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Complexity;
using NetSpace.Zoo;
using Spectre.Console;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace models list|show|build</c>: the model zoo.</summary>
internal static class ModelsCommands
{
    /// <summary>The <c>models</c> command group.</summary>
    public static Command Create(CliContext context) => new("models", "Browse the model zoo (RegNetX/Y, EfficientNet, ResNet) and build models")
    {
        List(context),
        Show(context),
        Build(context),
    };

    private static Command List(CliContext context)
    {
        var pattern = new Argument<string?>("pattern")
        {
            Description = "Shell wildcard on model names, case-insensitive (e.g. 'regnety-*', '*-1.6gf'); default: all models",
            Arity = ArgumentArity.ZeroOrOne,
        };
        pattern.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.Tokens[0].Value.StartsWith('-'))
            {
                result.AddError($"Unrecognized option '{result.Tokens[0].Value}'");
            }
        });
        var json = OptionFactory.Json("a JSON array of {name, family, flops, params, acts, resolution}");
        var command = new Command("list", "List zoo models with their flops, parameters and activations") { pattern, json };
        command.SetAction(parse =>
        {
            string? p = parse.GetValue(pattern);
            var rows = ModelZoo.List(p)
                .Select(e => (Entry: e, Spec: e.Build()))
                .Select(x => (x.Entry, x.Spec, Cx: NetworkComplexity.Measure(x.Spec)))
                .ToArray();

            if (parse.GetValue(json))
            {
                var array = new JsonArray();
                foreach (var (entry, spec, cx) in rows)
                {
                    var item = new JsonObject { ["name"] = entry.Name, ["family"] = entry.Family };
                    JsonReport.AddComplexity(item, cx);
                    item["resolution"] = spec.Input.Size;
                    array.Add(item);
                }

                JsonReport.Write(context.Out, array);
                return CliApp.Success;
            }

            if (rows.Length == 0)
            {
                context.Error.WriteLine($"no model matches '{p}'; see 'netspace models list'");
                return CliApp.Success;
            }

            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumn(new TableColumn("[bold]name[/]"));
            table.AddColumn(new TableColumn("[bold]family[/]"));
            table.AddColumn(new TableColumn("[bold]flops[/]").RightAligned());
            table.AddColumn(new TableColumn("[bold]params[/]").RightAligned());
            table.AddColumn(new TableColumn("[bold]acts[/]").RightAligned());
            table.AddColumn(new TableColumn("[bold]size[/]").RightAligned());
            foreach (var (entry, spec, cx) in rows)
            {
                table.AddRow(
                    Markup.Escape(entry.Name),
                    Markup.Escape(entry.Family),
                    Units.Flops(cx.Flops),
                    Units.Count(cx.Params),
                    Units.Count(cx.Acts),
                    spec.Input.Size.ToString());
            }

            context.Console.Write(table);
            context.Console.WriteLine($"{rows.Length} model{(rows.Length == 1 ? string.Empty : "s")}; flops = multiply-adds for one image at the model's input size");
            return CliApp.Success;
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "Zoo model name (see 'netspace models list') or a spec JSON file" };
        var retarget = new RetargetOptions();
        var json = OptionFactory.Json("one object with name, flops, params, acts, the stem/stages/head breakdown and the spec");
        var command = new Command("show", "Show a model's stages, per-stage complexity and totals") { name, json };
        retarget.AddTo(command);
        command.SetAction(parse =>
        {
            var loaded = SpecSource.Load(parse.GetValue(name)!);
            var spec = retarget.Apply(parse, loaded.Spec);
            var cx = NetworkComplexity.MeasureDetailed(spec);
            if (parse.GetValue(json))
            {
                var report = new JsonObject { ["name"] = loaded.DisplayName };
                if (loaded.Entry is { } entry)
                {
                    report["family"] = entry.Family;
                    report["description"] = entry.Description;
                }

                if (loaded.Path is { } path)
                {
                    report["path"] = path;
                }

                JsonReport.AddBreakdown(report, spec, cx);
                report["spec"] = JsonReport.Spec(spec);
                JsonReport.Write(context.Out, report);
                return CliApp.Success;
            }

            SpecReport.Write(context.Console, spec, cx, loaded.DisplayName, loaded.Entry?.Description ?? loaded.Path);
            return CliApp.Success;
        });
        return command;
    }

    private static Command Build(CliContext context)
    {
        var model = new Argument<string>("model") { Description = "Zoo model name or spec JSON file" };
        var output = new Option<string>("--out") { Description = "Where to save the weights (TorchSharp format; written atomically)", HelpName = "FILE", Required = true };
        var seed = OptionFactory.Int("--seed", "S", "Seed of the weight initialisation and of the test input");
        seed.DefaultValueFactory = _ => 0;
        var retarget = new RetargetOptions();
        var json = OptionFactory.Json("the build result");
        var command = new Command(
            "build",
            "Build the TorchSharp module of a model, check one forward pass on a random input (output must be [1, classes]) and save its initial weights")
        {
            model, output, seed, json,
        };
        retarget.AddTo(command);
        command.SetAction(parse =>
        {
            var loaded = SpecSource.Load(parse.GetValue(model)!);
            var spec = retarget.Apply(parse, loaded.Spec);
            var cx = NetworkComplexity.Measure(spec);
            int s = parse.GetValue(seed);
            var result = ModelBuild.Run(spec, s, parse.GetValue(output)!);
            string shape = "[" + string.Join(", ", result.OutputShape) + "]";
            string inputShape = "[" + string.Join(", ", result.InputShape) + "]";
            if (result.ParameterCount != cx.Params)
            {
                context.Error.WriteLine($"warning: the module has {Units.Exact(result.ParameterCount)} parameters but the analytic count is {Units.Exact(cx.Params)}");
            }

            if (parse.GetValue(json))
            {
                var report = new JsonObject
                {
                    ["name"] = loaded.DisplayName,
                    ["seed"] = s,
                    ["input_shape"] = new JsonArray(result.InputShape.Select(d => (JsonNode?)d).ToArray()),
                    ["output_shape"] = new JsonArray(result.OutputShape.Select(d => (JsonNode?)d).ToArray()),
                    ["params"] = result.ParameterCount,
                    ["analytic_params"] = cx.Params,
                    ["flops"] = cx.Flops,
                    ["acts"] = cx.Acts,
                    ["out"] = result.Path,
                    ["bytes"] = result.Bytes,
                };
                JsonReport.Write(context.Out, report);
                return CliApp.Success;
            }

            string check = result.ParameterCount == cx.Params ? "[green]matches[/]" : "[red]differs from[/]";
            context.Console.MarkupLine($"model   {Markup.Escape(loaded.DisplayName)} (seed {s})");
            context.Console.MarkupLine($"input   {Markup.Escape(inputShape)}");
            context.Console.MarkupLine($"output  {Markup.Escape(shape)}");
            context.Console.MarkupLine($"params  {Units.Exact(result.ParameterCount)} (module) {check} {Units.Exact(cx.Params)} (analytic)");
            context.Console.MarkupLine($"flops   {Units.Exact(cx.Flops)} ({Units.Flops(cx.Flops)}, analytic)");
            context.Console.MarkupLine($"wrote   {Markup.Escape(result.Path)} ({Units.Count(result.Bytes)}B)");
            return CliApp.Success;
        });
        return command;
    }
}
