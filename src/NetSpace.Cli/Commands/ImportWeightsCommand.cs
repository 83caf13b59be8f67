using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Torch.Interop;
using NetSpace.Interop.PyTorch;
using NetSpace.Serialization;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace import weights</c>: a torchvision/timm state dict → a NetSpace run folder.</summary>
internal static class ImportWeightsCommand
{
    /// <summary>The <c>weights</c> verb.</summary>
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "PyTorch weights: a torch.save file (.pth/.pt, zip format) or .safetensors" };
        var from = new Option<string>("--from") { Description = "Whose parameter names the file uses: torchvision or timm", HelpName = "torchvision|timm", Required = true };
        var arch = new Option<string?>("--arch") { Description = "The library's model name, e.g. regnet_x_400mf, efficientnet_b0, resnet50 (timm: regnetx_004, regnety_008_tv, …)", HelpName = "NAME" };
        var spec = new Option<string?>("--spec") { Description = "Instead of --arch: a NetSpace spec JSON with the file's architecture (models built with custom settings)", HelpName = "FILE" };
        var output = new Option<string>("--out") { Description = "Run folder to create (spec.json, weights, import.json); must not exist or be empty", HelpName = "RUN", Required = true };
        var check = new Option<string?>("--check") { Description = "Reference .safetensors with 'input' (N×C×H×W) and 'logits' written by PyTorch: the import fails unless the logits agree", HelpName = "FILE" };
        var tolerance = OptionFactory.Double("--tolerance", "T", "Largest accepted max |Δlogit| / max |logit| for --check");
        tolerance.DefaultValueFactory = _ => 1e-4;
        var json = OptionFactory.Json("the import record");
        var command = new Command("weights", "Import PyTorch weights (torchvision or timm names) into a NetSpace run folder")
        {
            file, from, arch, spec, output, check, tolerance, json,
        };
        command.SetAction(parse =>
        {
            var convention = ParseConvention(parse.GetValue(from)!, "--from");
            string? archName = parse.GetValue(arch);
            string? specFile = parse.GetValue(spec);
            if ((archName is null) == (specFile is null))
            {
                throw new CliUsageException("give the architecture with exactly one of --arch NAME and --spec FILE");
            }

            var (record, result) = WeightImporter.Import(new WeightImportRequest
            {
                File = parse.GetValue(file)!,
                From = convention,
                Arch = archName,
                Spec = specFile is null ? null : SpecJson.ReadSpecFile(specFile),
                OutDir = parse.GetValue(output)!,
                CheckFile = parse.GetValue(check),
                Tolerance = parse.GetValue(tolerance),
            });
            string outDir = Path.GetFullPath(parse.GetValue(output)!);
            if (parse.GetValue(json))
            {
                var node = System.Text.Json.JsonSerializer.SerializeToNode(record, SpecJson.Options)!.AsObject();
                node["run"] = outDir;
                if (result is not null)
                {
                    node["check_max_abs_delta"] = result.MaxAbsDelta;
                    node["check_logit_scale"] = result.LogitScale;
                }

                JsonReport.Write(context.Out, node);
                return CliApp.Success;
            }

            context.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"imported {record.Tensors} tensors ({record.Params:N0} parameters) from {record.From} {record.Arch ?? record.Spec} into {outDir}"));
            if (record.ClassesFromFile is { } classes)
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"classifier: {classes} classes, as in the file"));
            }

            if (result is not null)
            {
                context.Out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"check: logits {StoredTensor.FormatShape(result.Shape)} max |Δ| {result.MaxAbsDelta:G3}, max |logit| {result.LogitScale:G3}, relative {result.RelativeDelta:G3}"));
            }

            return CliApp.Success;
        });
        return command;
    }

    /// <summary><c>torchvision</c> or <c>timm</c>.</summary>
    internal static WeightConvention ParseConvention(string value, string option) => value.Trim().ToLowerInvariant() switch
    {
        "torchvision" => WeightConvention.Torchvision,
        "timm" => WeightConvention.Timm,
        _ => throw new CliUsageException($"{option}: '{value}' is not torchvision or timm"),
    };
}
