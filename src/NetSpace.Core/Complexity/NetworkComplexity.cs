using NetSpace.Specs;

namespace NetSpace.Complexity;

/// <summary>Walks a <see cref="NetworkSpec"/> with <see cref="ComplexityCounter"/>, layer by layer as the module is built.</summary>
public static class NetworkComplexity
{
    /// <summary>flops, params and acts of the whole network at its input size.</summary>
    public static ModelComplexity Measure(NetworkSpec spec) => MeasureDetailed(spec).Total;

    /// <summary>Totals plus the share of the stem, of each stage and of the head.</summary>
    public static ComplexityBreakdown MeasureDetailed(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var cx = new ComplexityCounter(spec.Input.Size, spec.Input.Size);
        Stem(cx, spec.Input.Channels, spec.Stem);
        var stem = cx.Total;
        var stages = new ModelComplexity[spec.Stages.Count];
        var stageSizes = new int[spec.Stages.Count];
        var before = cx.Total;
        int current = -1;
        foreach (var (stageIndex, _, geometry) in BlockGeometry.Enumerate(spec))
        {
            if (stageIndex != current)
            {
                if (current >= 0)
                {
                    stages[current] = cx.Total - before;
                    stageSizes[current] = cx.Height;
                    before = cx.Total;
                }

                current = stageIndex;
            }

            Block(cx, geometry);
        }

        stages[current] = cx.Total - before;
        stageSizes[current] = cx.Height;
        before = cx.Total;
        Head(cx, spec.Stages[^1].Width, spec.Head);
        return new ComplexityBreakdown(cx.Total, stem, stages, stageSizes, cx.Total - before);
    }

    /// <summary>Adds the stem's layers.</summary>
    public static void Stem(ComplexityCounter cx, int inChannels, StemSpec stem)
    {
        ArgumentNullException.ThrowIfNull(cx);
        ArgumentNullException.ThrowIfNull(stem);
        switch (stem.Type)
        {
            case StemType.ResNet:
                cx.Conv(inChannels, stem.Width, 7, stride: 2);
                cx.Norm(stem.Width);
                cx.MaxPool(stem.Width, stride: 2);
                break;
            case StemType.Small:
                cx.Conv(inChannels, stem.Width, 3, stride: 1);
                cx.Norm(stem.Width);
                break;
            default:
                cx.Conv(inChannels, stem.Width, 3, stride: 2);
                cx.Norm(stem.Width);
                break;
        }
    }

    /// <summary>Adds one block's layers (pycls's per-block <c>complexity</c> functions).</summary>
    public static void Block(ComplexityCounter cx, BlockGeometry b)
    {
        ArgumentNullException.ThrowIfNull(cx);
        switch (b.Block)
        {
            case BlockType.X or BlockType.Y:
                Projection(cx, b);
                cx.Conv(b.InWidth, b.InnerWidth, 1);
                cx.Norm(b.InnerWidth);
                cx.Conv(b.InnerWidth, b.InnerWidth, b.Kernel, b.Stride, b.Groups);
                cx.Norm(b.InnerWidth);
                if (b.SeWidth > 0)
                {
                    cx.SqueezeExcitation(b.InnerWidth, b.SeWidth);
                }

                cx.Conv(b.InnerWidth, b.OutWidth, 1);
                cx.Norm(b.OutWidth);
                break;
            case BlockType.Basic:
                Projection(cx, b);
                cx.Conv(b.InWidth, b.OutWidth, b.Kernel, b.Stride);
                cx.Norm(b.OutWidth);
                cx.Conv(b.OutWidth, b.OutWidth, b.Kernel);
                cx.Norm(b.OutWidth);
                break;
            case BlockType.Vanilla:
                cx.Conv(b.InWidth, b.OutWidth, b.Kernel, b.Stride);
                cx.Norm(b.OutWidth);
                cx.Conv(b.OutWidth, b.OutWidth, b.Kernel);
                cx.Norm(b.OutWidth);
                break;
            case BlockType.MBConv:
                if (b.HasExpansion)
                {
                    cx.Conv(b.InWidth, b.InnerWidth, 1);
                    cx.Norm(b.InnerWidth);
                }

                cx.Conv(b.InnerWidth, b.InnerWidth, b.Kernel, b.Stride, b.Groups);
                cx.Norm(b.InnerWidth);
                if (b.SeWidth > 0)
                {
                    cx.SqueezeExcitation(b.InnerWidth, b.SeWidth);
                }

                cx.Conv(b.InnerWidth, b.OutWidth, 1);
                cx.Norm(b.OutWidth);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(b), b.Block, "unknown block type");
        }
    }

    /// <summary>Adds the head: optional 1×1 conv + BN, global pool, linear with bias.</summary>
    public static void Head(ComplexityCounter cx, int inWidth, HeadSpec head)
    {
        ArgumentNullException.ThrowIfNull(cx);
        ArgumentNullException.ThrowIfNull(head);
        if (head.Width > 0)
        {
            cx.Conv(inWidth, head.Width, 1);
            cx.Norm(head.Width);
            inWidth = head.Width;
        }

        cx.GlobalPool();
        cx.Linear(inWidth, head.Classes, bias: true);
    }

    // The projection shortcut is a branch: it sees the block input's size, which is restored after it.
    private static void Projection(ComplexityCounter cx, BlockGeometry b)
    {
        if (!b.HasProjection)
        {
            return;
        }

        var (h, w) = (cx.Height, cx.Width);
        cx.Conv(b.InWidth, b.OutWidth, 1, b.Stride);
        cx.Norm(b.OutWidth);
        (cx.Height, cx.Width) = (h, w);
    }
}
