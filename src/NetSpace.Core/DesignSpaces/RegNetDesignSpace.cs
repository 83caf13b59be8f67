using System.Globalization;
using NetSpace.Specs;

namespace NetSpace.DesignSpaces;

/// <summary>
/// A RegNet design space (paper §3.3; pycls <c>regnet_sampler</c>): draw d, w0, wa, wm, g, b and the SE ratio,
/// generate the widths with the quantized linear rule, reject the draw unless it has exactly the template's
/// stage count and uses every width exponent up to its largest (pycls <c>check_regnet_constraints</c>:
/// <c>num_stages == max_stage</c> and <c>NUM_STAGES = [4, 4]</c>), then build the spec with
/// <see cref="RegNetGenerator.ToSpec"/> (which records the parameters in <see cref="NetworkSpec.RegNet"/>).
/// </summary>
public sealed class RegNetDesignSpace : DesignSpace
{
    /// <summary>Width quantum of the quantized linear rule (pycls <c>generate_regnet(..., q=8)</c>).</summary>
    public const int Quantum = 8;

    private readonly ParameterDistribution depth;
    private readonly ParameterDistribution w0;
    private readonly ParameterDistribution wa;
    private readonly ParameterDistribution wm;
    private readonly ParameterDistribution groupWidth;
    private readonly ParameterDistribution bottleneck;
    private readonly ParameterDistribution seRatio;
    private readonly int stages;
    private readonly int stride;

    internal RegNetDesignSpace(DesignSpaceDefinition definition)
        : base(definition)
    {
        var r = definition.RegNet ?? throw new ArgumentException("not a regnet space", nameof(definition));
        depth = r.Depth!;
        w0 = r.W0!;
        wa = r.Wa!;
        wm = r.Wm!;
        groupWidth = r.GroupWidth!;
        bottleneck = r.Bottleneck ?? new FixedDistribution(1);
        seRatio = r.SeRatio ?? new FixedDistribution(0);
        stages = Template.Stages;
        stride = Template.Stride;
        Parameters =
        [
            new("depth", "network", depth, "d: total number of blocks"),
            new("w0", "network", w0, "initial width (multiple of 8)"),
            new("wa", "network", wa, "slope of the linear widths u_j = w0 + wa·j"),
            new("wm", "network", wm, "width multiplier between stages"),
            new("group_width", "network", groupWidth, "g: group width of every stage"),
            new("bottleneck", "network", bottleneck, "b as a multiplier (pycls bot_mul): inner width w·b"),
            new("se_ratio", "network", seRatio, "SE ratio: X blocks when 0, Y blocks otherwise"),
        ];
        Rules =
        [
            string.Create(CultureInfo.InvariantCulture, $"widths from the quantized linear rule: u_j = w0 + wa·j, w_j = round(w0·wm^round(log_wm(u_j/w0)) / {Quantum})·{Quantum}; stages are the runs of equal widths"),
            $"draws are rejected unless the generated model has exactly {stages} stage{(stages == 1 ? string.Empty : "s")} and uses every width exponent up to its largest (pycls check_regnet_constraints: num_stages == max_stage, NUM_STAGES = [{stages}, {stages}])",
            "each stage's (w, b, g) is made compatible as pycls's adjust_block_compatibility (g ≤ w·b, w·b a multiple of g)",
        ];
        Cardinality = new[] { depth, w0, wa, wm, groupWidth, bottleneck, seRatio }.Aggregate(1.0, (product, p) => product * p.Cardinality);
    }

    /// <inheritdoc />
    public override string Family => "regnet";

    /// <inheritdoc />
    public override IReadOnlyList<SpaceParameter> Parameters { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> Rules { get; }

    /// <inheritdoc />
    public override double Cardinality { get; }

    /// <summary>Draws RegNet parameters (in pycls's order d, w0, wa, wm, g, b), or null when the stage-count rule rejects them.</summary>
    public RegNetParameters? DrawParameters(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int d = (int)depth.Sample(random);
        int w = (int)w0.Sample(random);
        double a = wa.Sample(random);
        double m = wm.Sample(random);
        int g = (int)groupWidth.Sample(random);
        double b = bottleneck.Sample(random);
        double se = seRatio.Sample(random);
        if (!Valid(a, w, m) || StageCounts(a, w, m, d) != (stages, stages))
        {
            return null;
        }

        return new RegNetParameters
        {
            Depth = d,
            W0 = w,
            Wa = a,
            Wm = m,
            GroupWidth = g,
            Bottleneck = b,
            SeRatio = se,
            Stride = stride,
            Quantum = Quantum,
        };
    }

    /// <summary>
    /// (number of distinct widths, max exponent + 1) of the quantized linear rule, i.e. the
    /// <c>StageWidths.Length</c> and <c>TotalStages</c> of <see cref="RegNetGenerator.Widths"/>, with the same
    /// arithmetic but without building the widths: most draws are rejected on these two numbers. The widths are
    /// non-decreasing in j (wa ≥ 0, wm &gt; 1), so distinct widths are counted as changes between neighbours.
    /// </summary>
    internal static (int Distinct, int Total) StageCounts(double wa, int w0, double wm, int depth, int quantum = Quantum)
    {
        double logWm = Math.Log(wm);
        long previous = long.MinValue, maxExponent = 0;
        int distinct = 0;
        for (int j = 0; j < depth; j++)
        {
            double u = (j * wa) + w0;
            long s = PyMath.Round(Math.Log(u / w0) / logWm);
            maxExponent = Math.Max(maxExponent, s);
            long width = PyMath.Round(w0 * Math.Pow(wm, s) / quantum) * quantum;
            if (width != previous)
            {
                distinct++;
                previous = width;
            }
        }

        return (distinct, (int)maxExponent + 1);
    }

    // The generator's preconditions (RegNetParameters.Validate), checked before the rule runs.
    private static bool Valid(double wa, int w0, double wm) => wa >= 0 && double.IsFinite(wa) && w0 > 0 && wm > 1 && double.IsFinite(wm);

    /// <inheritdoc />
    public override NetworkSpec? Draw(Random random)
    {
        if (DrawParameters(random) is not { } p)
        {
            return null;
        }

        return RegNetGenerator.ToSpec(p) with { Input = Input, Stem = Stem, Head = Head };
    }
}
