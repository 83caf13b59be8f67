using System.CommandLine;
using NetSpace.Specs;
using NetSpace.Training.MultiTask;
using NetSpace.Torch.Training.MultiTask;

namespace NetSpace.Cli.Commands;

/// <summary>The options of <c>netspace train</c> that only multi-task data (<c>--data multitask:DIR</c>) uses.</summary>
internal sealed class MultiTaskTrainOptions
{
    private readonly Option<string?> task = new("--task")
    {
        Description = "Tasks to train with --data multitask:DIR: cls, det, seg or a comma-separated combination (default cls,det,seg)",
        HelpName = "TASKS",
    };

    private readonly Option<string?> weights = new("--loss-weights")
    {
        Description = "Weights of the task losses in the summed loss, e.g. cls=1,det=1,seg=1 (default 1 each)",
        HelpName = "T=W,…",
    };

    private readonly Option<int?> neckWidth = OptionFactory.OptionalInt("--neck-width", "C", "Channels of the FPN neck and dense heads (default 64)", min: 1);
    private readonly Option<double?> nms = OptionFactory.OptionalDouble("--nms-iou", "IOU", "Per-class box NMS IoU when decoding detections (default 0.6; 1 = off)");

    /// <summary>Whether <paramref name="data"/> names a multi-task scene set (the one data-source grammar, <see cref="Data.DataSource"/>).</summary>
    public static bool IsMultiTask(string data) => Data.DataSource.IsMultiTaskArgument(data);

    /// <summary>The folder of a <c>multitask:DIR</c> argument (a missing folder is a usage error from the grammar).</summary>
    public static string Directory(string data) => Data.DataSource.Parse(data).Directory;

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(task);
        command.Add(weights);
        command.Add(neckWidth);
        command.Add(nms);
    }

    /// <summary>Whether any multi-task-only option was given.</summary>
    public bool AnyGiven(ParseResult parse) =>
        parse.GetValue(task) is not null || parse.GetValue(weights) is not null || parse.GetValue(neckWidth) is not null || parse.GetValue(nms) is not null;

    /// <summary>The tasks (usage error when malformed).</summary>
    public IReadOnlyList<VisionTask> Tasks(ParseResult parse) => Parse("--task", () => VisionTasks.Parse(parse.GetValue(task) ?? "cls,det,seg"));

    /// <summary>The job's multi-task settings applied to <paramref name="job"/>.</summary>
    public MultiTaskJob Apply(ParseResult parse, MultiTaskJob job)
    {
        var w = parse.GetValue(weights) is { } text ? Parse("--loss-weights", () => LossWeights.Parse(text)) : new LossWeights();
        int width = parse.GetValue(neckWidth) ?? 64;
        return job with
        {
            Tasks = Tasks(parse),
            Weights = w,
            Heads = new DenseHeadsSpec { NeckWidth = width, DetectionWidth = width, SegmentationWidth = width },
            NmsIoU = parse.GetValue(nms) ?? 0.6,
        };
    }

    private static T Parse<T>(string option, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"{option}: {ex.Message}");
        }
    }
}
