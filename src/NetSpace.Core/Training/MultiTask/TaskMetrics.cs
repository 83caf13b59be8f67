using System.Text.Json.Serialization;
using NetSpace.Complexity;
using NetSpace.Specs;

namespace NetSpace.Training.MultiTask;

/// <summary>Metrics of a network on one split; null for tasks not evaluated.</summary>
public sealed record TaskMetrics
{
    /// <summary>Scenes evaluated.</summary>
    public int Images { get; init; }

    /// <summary>Classification top-1 error.</summary>
    public double? Top1Error { get; init; }

    /// <summary>COCO box AP over IoU 0.50:0.05:0.95.</summary>
    public double? AP { get; init; }

    /// <summary>COCO box AP at IoU 0.5.</summary>
    public double? AP50 { get; init; }

    /// <summary>COCO box AP at IoU 0.75.</summary>
    public double? AP75 { get; init; }

    /// <summary>COCO average recall with at most 100 detections per image.</summary>
    public double? AR100 { get; init; }

    /// <summary>Segmentation mean IoU over classes (background included).</summary>
    public double? MeanIoU { get; init; }

    /// <summary>Segmentation pixel accuracy.</summary>
    public double? PixelAccuracy { get; init; }

    /// <summary>
    /// Segmentation IoU of each class (0 = background, then the data set's classes), null where a class occurs in
    /// neither target nor prediction: which classes hold the mean down.
    /// </summary>
    [JsonPropertyName("class_iou")]
    public IReadOnlyList<double?>? ClassIoU { get; init; }
}

/// <summary>One finished epoch of a multi-task run (one line of <c>metrics.jsonl</c>).</summary>
public sealed record MultiTaskEpochMetrics
{
    /// <summary>1-based epoch.</summary>
    public int Epoch { get; init; }

    /// <summary>Learning rate at the end of the epoch.</summary>
    public double Lr { get; init; }

    /// <summary>Mean weighted total training loss.</summary>
    public double TrainLoss { get; init; }

    /// <summary>Mean unweighted training loss per task (cls, det, seg).</summary>
    public IReadOnlyDictionary<string, double> TaskLosses { get; init; } = new Dictionary<string, double>();

    /// <summary>Validation metrics (when a validation split is held out).</summary>
    public TaskMetrics? Val { get; init; }

    /// <summary>Test metrics (every epoch without validation; else after the last epoch with --test-at-end).</summary>
    public TaskMetrics? Test { get; init; }

    /// <summary>Training throughput.</summary>
    public double ImagesPerSecond { get; init; }

    /// <summary>Wall seconds of the epoch (training and evaluation).</summary>
    public double Seconds { get; init; }
}

/// <summary>The outcome of a multi-task run (<c>result.json</c>).</summary>
public sealed record MultiTaskResult
{
    /// <summary>completed or diverged.</summary>
    public RunStatus Status { get; init; } = RunStatus.Completed;

    /// <summary>Why the run did not complete.</summary>
    public string? Reason { get; init; }

    /// <summary>Epochs run.</summary>
    public int Epochs { get; init; }

    /// <summary>Seed.</summary>
    public long Seed { get; init; }

    /// <summary>Tasks trained.</summary>
    public IReadOnlyList<VisionTask> Tasks { get; init; } = [];

    /// <summary>Test metrics after the last epoch.</summary>
    public TaskMetrics? Test { get; init; }

    /// <summary>Validation metrics after the last epoch.</summary>
    public TaskMetrics? Val { get; init; }

    /// <summary>Trivial baselines on the test split (majority class; one average-size box per object at the image centre; all background).</summary>
    public TaskMetrics? Baselines { get; init; }

    /// <summary>Complexity of the backbone and of each head.</summary>
    public MultiTaskComplexityBreakdown? Complexity { get; init; }

    /// <summary>Total flops (multiply-adds) of backbone and heads.</summary>
    public long Flops { get; init; }

    /// <summary>Total parameters.</summary>
    public long Params { get; init; }

    /// <summary>Training scenes.</summary>
    public int TrainImages { get; init; }

    /// <summary>Wall seconds of training and evaluation.</summary>
    public double TrainSeconds { get; init; }

    /// <summary>Mean training throughput.</summary>
    public double ImagesPerSecond { get; init; }

    /// <summary>Mean of the training pixels (bytes scaled to [0, 1]) the inputs were normalised with (null in runs written before it was recorded).</summary>
    public double? PixelMean { get; init; }

    /// <summary>Standard deviation of the training pixels the inputs were normalised with (null in runs written before it was recorded).</summary>
    public double? PixelStd { get; init; }

    /// <summary>COCO-format detections on the test split, relative to the run folder (when detection was trained).</summary>
    public string? TestDetections { get; init; }
}
