using System.CommandLine;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Complexity;
using NetSpace.Serialization;
using NetSpace.Specs;
using Spectre.Console;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace spec regnet</c>: specs generated from design-space parameters.</summary>
internal static class SpecCommand
{
    /// <summary>The <c>spec</c> command group.</summary>
    public static Command Create(CliContext context) => new("spec", "Generate network specs from design-space parameters")
    {
        RegNet(context),
    };

    private static Command RegNet(CliContext context)
    {
        var d = Required(OptionFactory.Int("--d", "D", "Depth d: number of blocks"));
        var w0 = Required(OptionFactory.Int("--w0", "W0", "Initial width w0 (> 0, multiple of q)"));
        var wa = Required(OptionFactory.Double("--wa", "WA", "Width slope wa (≥ 0)"));
        var wm = Required(OptionFactory.Double("--wm", "WM", "Width multiplier wm (> 1)"));
        var g = Required(OptionFactory.Int("--g", "G", "Group width g"));
        var b = OptionFactory.Double("--b", "B", "Bottleneck ratio b");
        b.DefaultValueFactory = _ => 1.0;
        var se = OptionFactory.Double("--se", "R", "Squeeze-and-excitation ratio: 0 = RegNetX, 0.25 = RegNetY");
        var q = OptionFactory.Int("--q", "Q", "Width quantum q");
        q.DefaultValueFactory = _ => 8;
        var name = new Option<string?>("--name") { Description = "Name stored in the spec", HelpName = "NAME" };
        var output = new Option<string?>("--out") { Description = "Write the spec JSON to FILE (atomically)", HelpName = "FILE" };
        var json = OptionFactory.Json("{name, flops, params, acts, stages, spec}");
        var retarget = new RetargetOptions();
        var command = new Command(
            "regnet",
            "Generate the spec of a RegNet from (d, w0, wa, wm, g, b, se) with the paper's quantized linear rule; print its stages and complexity")
        {
            d, w0, wa, wm, g, b, se, q, name, output, json,
        };
        retarget.AddTo(command);
        command.SetAction(parse =>
        {
            var p = new RegNetParameters
            {
                Depth = parse.GetValue(d),
                W0 = parse.GetValue(w0),
                Wa = parse.GetValue(wa),
                Wm = parse.GetValue(wm),
                GroupWidth = parse.GetValue(g),
                Bottleneck = parse.GetValue(b),
                SeRatio = parse.GetValue(se),
                Quantum = parse.GetValue(q),
            };
            NetworkSpec spec;
            try
            {
                spec = RegNetGenerator.ToSpec(p, parse.GetValue(name));
            }
            catch (SpecValidationException ex) when (OptionFor(ex.Field) is { } option)
            {
                string reason = ex.Message.StartsWith(ex.Field + ": ", StringComparison.Ordinal) ? ex.Message[(ex.Field.Length + 2)..] : ex.Message;
                throw new CliUsageException($"invalid {option}: {reason}", ex);
            }
            catch (OverflowException ex)
            {
                throw new CliUsageException("--w0, --wa, --wm and --d give block widths too large to represent", ex);
            }

            SpecValidator.Validate(spec);

            spec = retarget.Apply(parse, spec);
            var cx = NetworkComplexity.MeasureDetailed(spec);
            string? path = parse.GetValue(output);
            if (path is not null)
            {
                AtomicFile.WriteAllText(path, SpecJson.Serialize(spec) + Environment.NewLine);
            }

            if (parse.GetValue(json))
            {
                var report = new JsonObject();
                if (spec.Name is not null)
                {
                    report["name"] = spec.Name;
                }

                JsonReport.AddBreakdown(report, spec, cx);
                report["spec"] = JsonReport.Spec(spec);
                if (path is not null)
                {
                    report["out"] = Path.GetFullPath(path);
                }

                JsonReport.Write(context.Out, report);
                return CliApp.Success;
            }

            SpecReport.Write(context.Console, spec, cx, spec.Name ?? "regnet");
            if (path is not null)
            {
                context.Console.MarkupLine($"wrote spec to {Markup.Escape(path)}");
            }

            return CliApp.Success;
        });
        return command;
    }

    private static Option<T> Required<T>(Option<T> option)
    {
        option.Required = true;
        return option;
    }

    private static string? OptionFor(string field) => field switch
    {
        "regnet.depth" => "--d",
        "regnet.w0" => "--w0",
        "regnet.wa" => "--wa",
        "regnet.wm" => "--wm",
        "regnet.group_width" => "--g",
        "regnet.bottleneck" => "--b",
        "regnet.se_ratio" => "--se",
        "regnet.quantum" => "--q",
        _ => null,
    };
}
