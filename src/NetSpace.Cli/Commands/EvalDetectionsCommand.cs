using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Metrics;
using Spectre.Console;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace eval detections --gt GT.json --pred PRED.json</c>: COCO box AP of detections, as pycocotools computes it.</summary>
internal static class EvalDetectionsCommand
{
    /// <summary>The <c>detections</c> subcommand of <c>eval</c>.</summary>
    public static Command Create(CliContext context)
    {
        var gt = new Option<string>("--gt") { Description = "COCO ground truth JSON (images, annotations, categories)", HelpName = "GT.json", Required = true };
        var pred = new Option<string>("--pred") { Description = "COCO results JSON: [{image_id, category_id, bbox, score}, …]", HelpName = "PRED.json", Required = true };
        var maxDets = OptionFactory.Int("--max-dets", "N", "Detections kept per image and category, by score", min: 1);
        maxDets.DefaultValueFactory = _ => 100;
        var json = OptionFactory.Json("{ap, ap50, ap75, ar, per_category}");
        var command = new Command("detections", "COCO box AP (IoU 0.50:0.05:0.95, 101-point interpolation), AP50, AP75 and AR of COCO-format detections, with pycocotools' rules")
        {
            gt, pred, maxDets, json,
        };
        command.SetAction(parse =>
        {
            string gtPath = parse.GetValue(gt)!, predPath = parse.GetValue(pred)!;
            var truth = CocoJson.ReadGroundTruth(gtPath);
            var detections = CocoJson.ReadDetections(predPath);
            CocoJson.Validate(truth, detections, predPath);
            var m = CocoEvaluator.Evaluate(truth, detections, parse.GetValue(maxDets));
            var names = truth.Categories.ToDictionary(c => c.Id, c => c.Name);
            if (parse.GetValue(json))
            {
                var per = new JsonObject();
                foreach (var (id, ap) in m.PerCategoryAP.OrderBy(kv => kv.Key))
                {
                    per[names[id]] = ap;
                }

                JsonReport.Write(context.Out, new JsonObject
                {
                    ["ap"] = m.AP,
                    ["ap50"] = m.AP50,
                    ["ap75"] = m.AP75,
                    ["ar"] = m.AR,
                    ["max_dets"] = parse.GetValue(maxDets),
                    ["images"] = m.Images,
                    ["ground_truth"] = m.GroundTruth,
                    ["detections"] = m.Detections,
                    ["per_category"] = per,
                });
                return CliApp.Success;
            }

            string F(double v) => v < 0 ? "n/a" : v.ToString("0.000", CultureInfo.InvariantCulture);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{m.Images} images, {m.GroundTruth} ground-truth boxes, {m.Detections} detections"));
            var table = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
            table.AddRow(Markup.Escape("AP @[IoU 0.50:0.95]"), F(m.AP));
            table.AddRow("AP50", F(m.AP50));
            table.AddRow("AP75", F(m.AP75));
            table.AddRow(Markup.Escape($"AR @{parse.GetValue(maxDets)} dets"), F(m.AR));
            foreach (var (id, ap) in m.PerCategoryAP.OrderBy(kv => kv.Key))
            {
                table.AddRow(Markup.Escape($"AP {names[id]}"), F(ap));
            }

            context.Console.Write(table);
            return CliApp.Success;
        });
        return command;
    }
}
