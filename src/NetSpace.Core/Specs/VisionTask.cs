using System.Text.Json.Serialization;

namespace NetSpace.Specs;

/// <summary>A vision task a multi-task network is trained for.</summary>
public enum VisionTask
{
    /// <summary>Image classification (top-1 error).</summary>
    [JsonStringEnumMemberName("cls")]
    Classification,

    /// <summary>Object detection (COCO box AP).</summary>
    [JsonStringEnumMemberName("det")]
    Detection,

    /// <summary>Semantic segmentation (mean IoU).</summary>
    [JsonStringEnumMemberName("seg")]
    Segmentation,
}

/// <summary>Parsing and naming of <see cref="VisionTask"/> lists (<c>cls,det,seg</c>).</summary>
public static class VisionTasks
{
    /// <summary>Every task, in canonical order.</summary>
    public static IReadOnlyList<VisionTask> All { get; } = [VisionTask.Classification, VisionTask.Detection, VisionTask.Segmentation];

    /// <summary>The short name: cls, det or seg.</summary>
    public static string Name(this VisionTask task) => task switch
    {
        VisionTask.Classification => "cls",
        VisionTask.Detection => "det",
        VisionTask.Segmentation => "seg",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "unknown task"),
    };

    /// <summary>Parses <c>cls,det,seg</c> (any order, no repeats) into canonical order.</summary>
    /// <exception cref="FormatException">An unknown or repeated name, or an empty list.</exception>
    public static IReadOnlyList<VisionTask> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var set = new HashSet<VisionTask>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            VisionTask task = part switch
            {
                "cls" => VisionTask.Classification,
                "det" => VisionTask.Detection,
                "seg" => VisionTask.Segmentation,
                _ => throw new FormatException($"unknown task '{part}' (expected cls, det or seg, comma-separated)"),
            };
            if (!set.Add(task))
            {
                throw new FormatException($"task '{part}' is listed twice");
            }
        }

        return All.Where(set.Contains).ToArray();
    }

    /// <summary>Parses exactly one task name (<c>cls</c>, <c>det</c> or <c>seg</c>).</summary>
    /// <exception cref="FormatException">An unknown name, or a list of several.</exception>
    public static VisionTask ParseOne(string text)
    {
        var tasks = Parse(text);
        return tasks.Count == 1
            ? tasks[0]
            : throw new FormatException($"'{text}' names {tasks.Count} tasks; give one of cls, det or seg");
    }
}
