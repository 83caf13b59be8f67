using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Analysis;
using NetSpace.Cli.Output;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace fit widths W,W,…</c>: the quantized linear parameters (w0, wa, wm) that best describe per-block widths.</summary>
internal static class FitCommand
{
    /// <summary>The <c>fit</c> command group.</summary>
    public static Command Create(CliContext context) => new("fit", "Fit models to the RegNet paper's rules")
    {
        Widths(context),
    };

    private static Command Widths(CliContext context)
    {
        var widths = new Argument<string>("WIDTHS") { Description = "Per-block widths, comma-separated (e.g. 24,56,152,152,368)" };
        var quantum = OptionFactory.Int("--quantum", "Q", "Width quantum q (widths are multiples of it)", min: 1);
        quantum.DefaultValueFactory = _ => 8;
        var json = OptionFactory.Json("the fit");
        var command = new Command("widths", "Find w0, wa, wm whose quantized linear widths best match the given per-block widths (paper §3.3): minimise e_fit = mean |ln w − ln ŵ|")
        {
            widths, quantum, json,
        };
        command.SetAction(parse =>
        {
            var list = ParseWidths(parse.GetValue(widths)!);
            int q = parse.GetValue(quantum);
            var fit = QuantizedLinearFit.Fit(list, q);
            if (parse.GetValue(json))
            {
                JsonReport.Write(context.Out, new JsonObject
                {
                    ["widths"] = new JsonArray(list.Select(w => JsonValue.Create(w)).ToArray<JsonNode?>()),
                    ["quantum"] = q,
                    ["w0"] = fit.W0,
                    ["wa"] = fit.Wa,
                    ["wm"] = fit.Wm,
                    ["depth"] = list.Length,
                    ["e_fit"] = fit.FitError,
                    ["fitted_widths"] = new JsonArray(fit.FittedWidths.Select(w => JsonValue.Create(w)).ToArray<JsonNode?>()),
                });
            }
            else
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"w0 = {fit.W0}, wa = {fit.Wa:0.###}, wm = {fit.Wm:0.####}, d = {list.Length}, e_fit = {fit.FitError:0.####}"));
                context.Out.WriteLine($"widths: {string.Join(",", list)}");
                context.Out.WriteLine($"fitted: {string.Join(",", fit.FittedWidths)}");
            }

            return CliApp.Success;
        });
        return command;
    }

    private static int[] ParseWidths(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out widths[i]) || widths[i] <= 0)
            {
                throw new CliUsageException($"WIDTHS: item {i + 1} '{parts[i]}' is not a positive whole number (expected e.g. 24,56,152,152)");
            }
        }

        return widths;
    }
}
