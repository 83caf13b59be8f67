using System.CommandLine;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Complexity;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace complexity SPEC.json</c>: flops, params and activations of a spec file.</summary>
internal static class ComplexityCommand
{
    /// <summary>The <c>complexity</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var source = new Argument<string>("spec")
        {
            Description = "Spec JSON file (SPEC.json); a zoo model name is accepted too when no file of that name exists",
        };
        var retarget = new RetargetOptions();
        var json = OptionFactory.Json("{name, flops, params, acts, stem, stages, head}");
        var command = new Command(
            "complexity",
            "Flops (multiply-adds), parameters and activations of a spec, in total and per stage, counted as pycls does")
        {
            source, json,
        };
        retarget.AddTo(command);
        command.SetAction(parse =>
        {
            var loaded = SpecSource.Load(parse.GetValue(source)!);
            var spec = retarget.Apply(parse, loaded.Spec);
            var cx = NetworkComplexity.MeasureDetailed(spec);
            if (parse.GetValue(json))
            {
                var report = new JsonObject { ["name"] = loaded.DisplayName };
                if (loaded.Path is { } path)
                {
                    report["path"] = path;
                }

                JsonReport.AddBreakdown(report, spec, cx);
                JsonReport.Write(context.Out, report);
                return CliApp.Success;
            }

            SpecReport.Write(context.Console, spec, cx, loaded.DisplayName, loaded.Path ?? loaded.Entry?.Description);
            return CliApp.Success;
        });
        return command;
    }
}
