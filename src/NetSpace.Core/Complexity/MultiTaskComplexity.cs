using NetSpace.Specs;

namespace NetSpace.Complexity;

/// <summary>Complexity of a multi-task network, part by part.</summary>
/// <param name="Backbone">Stem and stages.</param>
/// <param name="Classification">The classification head (zero when not trained).</param>
/// <param name="Neck">The FPN-style neck (zero without dense tasks).</param>
/// <param name="Detection">The detection head (zero when not trained).</param>
/// <param name="Segmentation">The segmentation head (zero when not trained).</param>
/// <param name="OutputStride">Stride of the neck's output map relative to the input.</param>
public sealed record MultiTaskComplexityBreakdown(
    ModelComplexity Backbone,
    ModelComplexity Classification,
    ModelComplexity Neck,
    ModelComplexity Detection,
    ModelComplexity Segmentation,
    int OutputStride)
{
    /// <summary>All parts together.</summary>
    public ModelComplexity Total => Backbone + Classification + Neck + Detection + Segmentation;
}

/// <summary>
/// Counts a backbone with the heads of the given tasks, with the same rules as <see cref="NetworkComplexity"/>.
/// Nearest and bilinear upsampling and additions cost no flops (as pycls counts adds and pools); their
/// outputs count as activations.
/// </summary>
public static class MultiTaskComplexity
{
    /// <summary>Measures <paramref name="backbone"/> (its <see cref="HeadSpec"/> is the classification head) with <paramref name="heads"/> for <paramref name="tasks"/>.</summary>
    public static MultiTaskComplexityBreakdown Measure(NetworkSpec backbone, DenseHeadsSpec heads, IReadOnlyCollection<VisionTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(heads);
        ArgumentNullException.ThrowIfNull(tasks);
        var b = NetworkComplexity.MeasureDetailed(backbone);
        var body = b.Stem;
        foreach (var s in b.Stages)
        {
            body += s;
        }

        bool hasCls = tasks.Contains(VisionTask.Classification);
        var cls = hasCls ? b.Head : default;
        var levels = FeatureLevels(backbone);
        bool dense = tasks.Contains(VisionTask.Detection) || tasks.Contains(VisionTask.Segmentation);
        ModelComplexity neck = default, det = default, seg = default;
        int side = levels[0].Size;
        int stride = (backbone.Input.Size + side - 1) / side;
        if (heads.Fusion is { } fusion)
        {
            if (fusion.ToHigh.Count != levels.Count)
            {
                throw new SpecValidationException("heads.fusion", $"{fusion.ToHigh.Count} fusion entries for {levels.Count} feature levels");
            }

            var cx = new ComplexityCounter(side, side);
            if (dense)
            {
                FusionHigh(cx, levels, fusion.ToHigh, heads.NeckWidth);
            }

            if (hasCls)
            {
                FusionLow(cx, levels, fusion.ToLow, heads.NeckWidth);
            }

            neck = cx.Total;
            if (hasCls)
            {
                var head = new ComplexityCounter(1, 1);
                head.GlobalPool();
                head.Linear(heads.NeckWidth, backbone.Head.Classes, bias: true);
                cls = head.Total;
            }
        }
        else if (dense)
        {
            var cx = new ComplexityCounter(side, side);
            foreach (var (_, size, width) in levels)
            {
                cx.Height = size;
                cx.Width = size;
                cx.Conv(width, heads.NeckWidth, 1, bias: true);
            }

            // Top-down: each coarser map is upsampled to the next finer level (outputs are activations).
            for (int i = levels.Count - 2; i >= 0; i--)
            {
                cx.Resample(heads.NeckWidth, levels[i].Size, levels[i].Size);
            }

            cx.Height = side;
            cx.Width = side;
            cx.Conv(heads.NeckWidth, heads.NeckWidth, 3);
            cx.Norm(heads.NeckWidth);
            neck = cx.Total;
        }

        if (tasks.Contains(VisionTask.Detection))
        {
            det = DetectionHead(side, heads, backbone.Head.Classes);
        }

        if (tasks.Contains(VisionTask.Segmentation))
        {
            seg = SegmentationHead(side, backbone.Input.Size, heads, backbone.Head.Classes);
        }

        return new MultiTaskComplexityBreakdown(body, cls, neck, det, seg, stride);
    }

    /// <summary>
    /// The feature levels dense heads read: for each distinct output resolution, the last stage producing it
    /// (stage index, side, channels), finest first. With one stride-2 stage per resolution (RegNet) these are
    /// all stages; specs with several stages per resolution (e.g. searched, one block per stage) give one level each.
    /// </summary>
    public static IReadOnlyList<(int Stage, int Size, int Width)> FeatureLevels(NetworkSpec backbone)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        var b = NetworkComplexity.MeasureDetailed(backbone);
        var levels = new List<(int Stage, int Size, int Width)>();
        for (int i = 0; i < backbone.Stages.Count; i++)
        {
            bool lastAtSize = i == backbone.Stages.Count - 1 || b.StageOutputSizes[i + 1] != b.StageOutputSizes[i];
            if (lastAtSize)
            {
                levels.Add((i, b.StageOutputSizes[i], backbone.Stages[i].Width));
            }
        }

        return levels;
    }

    // The high-resolution fusion output: kept levels' 1×1 convs (bias) at their own size, upsampled to the finest, 3×3 smoothing conv + BN.
    private static void FusionHigh(ComplexityCounter cx, IReadOnlyList<(int Stage, int Size, int Width)> levels, IReadOnlyList<bool> keep, int width)
    {
        for (int j = 0; j < levels.Count; j++)
        {
            if (!keep[j])
            {
                continue;
            }

            cx.Height = levels[j].Size;
            cx.Width = levels[j].Size;
            cx.Conv(levels[j].Width, width, 1, bias: true);
            if (j > 0)
            {
                cx.Resample(width, levels[0].Size, levels[0].Size);
            }
        }

        cx.Height = levels[0].Size;
        cx.Width = levels[0].Size;
        cx.Conv(width, width, 3);
        cx.Norm(width);
    }

    // The low-resolution fusion output: kept finer levels average-pooled to the coarsest size, then their 1×1 convs (bias).
    private static void FusionLow(ComplexityCounter cx, IReadOnlyList<(int Stage, int Size, int Width)> levels, IReadOnlyList<bool> keep, int width)
    {
        int last = levels.Count - 1, size = levels[last].Size;
        for (int j = 0; j < levels.Count; j++)
        {
            if (!keep[j])
            {
                continue;
            }

            if (j < last)
            {
                cx.Resample(levels[j].Width, size, size);
            }

            cx.Height = size;
            cx.Width = size;
            cx.Conv(levels[j].Width, width, 1, bias: true);
        }
    }

    private static ModelComplexity DetectionHead(int side, DenseHeadsSpec heads, int classes)
    {
        var cx = new ComplexityCounter(side, side);
        cx.Conv(heads.NeckWidth, heads.DetectionWidth, 3);
        cx.Norm(heads.DetectionWidth);
        cx.Conv(heads.DetectionWidth, classes, 1, bias: true);
        cx.Conv(heads.DetectionWidth, 4, 1, bias: true);
        return cx.Total;
    }

    private static ModelComplexity SegmentationHead(int side, int inputSize, DenseHeadsSpec heads, int classes)
    {
        var cx = new ComplexityCounter(side, side);
        cx.Conv(heads.NeckWidth, heads.SegmentationWidth, 3);
        cx.Norm(heads.SegmentationWidth);
        cx.Conv(heads.SegmentationWidth, classes + 1, 1, bias: true);
        cx.Resample(classes + 1, inputSize, inputSize);
        return cx.Total;
    }
}
