using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Torch.Interop;
using NetSpace.Interop.PyTorch;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace export weights</c>: a run folder's weights → a safetensors file in torchvision/timm names.</summary>
internal static class ExportWeightsCommand
{
    /// <summary>The <c>weights</c> verb.</summary>
    public static Command Create(CliContext context)
    {
        var run = new Option<string>("--run") { Description = "Run folder with spec.json and weights (from 'netspace train' or 'netspace import weights')", HelpName = "RUN", Required = true };
        var to = new Option<string>("--to") { Description = "Whose parameter names to write: torchvision or timm", HelpName = "torchvision|timm", Required = true };
        var output = new Option<string>("--out") { Description = "The file to write (replaced atomically): .safetensors, or .pth/.pt in torch.save's zip format", HelpName = "FILE", Required = true };
        var json = OptionFactory.Json("the export summary");
        var command = new Command("weights", "Export a run's weights as .safetensors (or .pth) with torchvision's or timm's parameter names")
        {
            run, to, output, json,
        };
        command.SetAction(parse =>
        {
            var convention = ImportWeightsCommand.ParseConvention(parse.GetValue(to)!, "--to");
            var summary = WeightExporter.Export(parse.GetValue(run)!, convention, parse.GetValue(output)!);
            if (parse.GetValue(json))
            {
                JsonReport.Write(context.Out, new JsonObject
                {
                    ["file"] = summary.File,
                    ["to"] = PretrainedArchitectures.Label(summary.Convention),
                    ["arch"] = summary.Arch,
                    ["tensors"] = summary.Tensors,
                    ["params"] = summary.Params,
                });
                return CliApp.Success;
            }

            string loads = summary.Arch is not null ? $"loads into {summary.Arch}"
                : summary.File.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? "no stock model has this architecture; the spec is in the file's metadata"
                : "no stock model has this architecture";
            context.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"wrote {summary.Tensors} tensors ({summary.Params:N0} parameters) in {PretrainedArchitectures.Label(summary.Convention)} names to {summary.File} ({loads})"));
            return CliApp.Success;
        });
        return command;
    }
}
