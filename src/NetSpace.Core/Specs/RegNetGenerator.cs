namespace NetSpace.Specs;

/// <summary>
/// Turns <see cref="RegNetParameters"/> into per-block and per-stage widths with the paper's quantized
/// linear rule, then into an AnyNet <see cref="NetworkSpec"/> (pycls <c>generate_regnet</c>,
/// <c>adjust_block_compatibility</c>). Arithmetic follows numpy float64 and Python's round-half-to-even.
/// </summary>
public static class RegNetGenerator
{
    /// <summary>
    /// Quantized linear widths: u_j = w0 + wa·j, s_j = round(ln(u_j/w0)/ln(wm)),
    /// w_j = round(w0·wm^s_j / q)·q for j = 0..d−1.
    /// </summary>
    public static RegNetWidths Widths(double wa, int w0, double wm, int depth, int quantum = 8)
    {
        var continuous = new double[depth];
        var perBlock = new int[depth];
        long maxExponent = 0;
        for (int j = 0; j < depth; j++)
        {
            double u = (j * wa) + w0;
            long s = PyMath.Round(Math.Log(u / w0) / Math.Log(wm));
            maxExponent = Math.Max(maxExponent, s);
            continuous[j] = u;
            perBlock[j] = checked((int)QuantizedWidth(w0, Math.Pow(wm, s), quantum));
        }

        // np.unique: distinct widths in ascending order with their counts (the stage depths).
        var stages = perBlock.GroupBy(w => w).OrderBy(g => g.Key).ToArray();
        return new RegNetWidths(
            StageWidths: stages.Select(g => g.Key).ToArray(),
            StageDepths: stages.Select(g => g.Count()).ToArray(),
            BlockWidths: perBlock,
            ContinuousWidths: continuous,
            TotalStages: (int)maxExponent + 1);
    }

    /// <summary>The width of level s: round(w0·wm^s / q)·q, given wm^s (half-to-even, as numpy).</summary>
    public static long QuantizedWidth(double w0, double wmPowerS, int quantum) =>
        PyMath.Round(w0 * wmPowerS / quantum) * quantum;

    /// <summary>
    /// pycls's compatibility adjustment: make each stage's bottleneck width divisible by its group width
    /// (and by b when b &gt; 1), shrinking a group width that exceeds the bottleneck width.
    /// </summary>
    public static (int[] Widths, double[] Bottlenecks, int[] GroupWidths) AdjustBlockCompatibility(
        IReadOnlyList<int> widths, IReadOnlyList<double> bottlenecks, IReadOnlyList<int> groupWidths)
    {
        int n = widths.Count;
        if (bottlenecks.Count != n || groupWidths.Count != n)
        {
            throw new ArgumentException("widths, bottlenecks and group widths must have the same length");
        }

        var ws = new int[n];
        var gs = new int[n];
        for (int i = 0; i < n; i++)
        {
            double b = bottlenecks[i];
            long v = PyMath.Int(Math.Max(1, widths[i] * b));
            long g = PyMath.Int(Math.Min(groupWidths[i], v));
            long m = b > 1 ? PyMath.Lcm(g, PyMath.Int(b)) : g;
            v = Math.Max(m, PyMath.Round((double)v / m) * m);
            ws[i] = (int)PyMath.Int(v / b);
            gs[i] = (int)g;
        }

        return (ws, bottlenecks.ToArray(), gs);
    }

    /// <summary>
    /// The AnyNet spec of a RegNet: simple stem of width 32, X blocks (Y when SE &gt; 0), no head conv,
    /// 224 px RGB input, 1000 classes; retarget it for other data.
    /// </summary>
    public static NetworkSpec ToSpec(RegNetParameters p, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(p);
        p.Validate();
        var generated = Widths(p.Wa, p.W0, p.Wm, p.Depth, p.Quantum);
        int n = generated.StageWidths.Length;
        var (ws, bs, gs) = AdjustBlockCompatibility(
            generated.StageWidths, Enumerable.Repeat(p.Bottleneck, n).ToArray(), Enumerable.Repeat(p.GroupWidth, n).ToArray());
        var block = p.SeRatio > 0 ? BlockType.Y : BlockType.X;
        var stages = new StageSpec[n];
        for (int i = 0; i < n; i++)
        {
            stages[i] = new StageSpec
            {
                Block = block,
                Depth = generated.StageDepths[i],
                Width = ws[i],
                Stride = p.Stride,
                Bottleneck = bs[i],
                GroupWidth = gs[i],
                SeRatio = p.SeRatio,
            };
        }

        return new NetworkSpec
        {
            Name = name,
            Input = new InputSpec { Size = 224, Channels = 3 },
            Activation = ActivationType.Relu,
            Stem = new StemSpec { Type = StemType.Simple, Width = 32 },
            Stages = stages,
            Head = new HeadSpec { Width = 0, Classes = 1000 },
            RegNet = p,
        };
    }
}
