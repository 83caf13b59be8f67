using NetSpace.Specs;

namespace NetSpace.DesignSpaces;

/// <summary>
/// An AnyNet design space (RegNet paper §3.1, AnyNetX_A–E): per stage, draw depth d_i, width w_i, bottleneck b_i
/// and group width g_i (b and g optionally shared by all stages), reject draws that break the monotonicity
/// rules, then make each stage's (w, b, g) compatible as pycls does (<see cref="RegNetGenerator.AdjustBlockCompatibility"/>)
/// rather than rejecting it: pycls's sweep setup standardises every AnyNet config through
/// <c>scaler.scale_model</c>, which calls <c>adjust_block_compatibility</c>.
/// </summary>
public sealed class AnyNetDesignSpace : DesignSpace
{
    private readonly int stages;
    private readonly ParameterDistribution[] depths;
    private readonly ParameterDistribution[] widths;
    private readonly ParameterDistribution[] bottlenecks;
    private readonly ParameterDistribution[] groupWidths;
    private readonly bool sharedBottleneck;
    private readonly bool sharedGroupWidth;
    private readonly bool nonDecreasingWidths;
    private readonly bool nonDecreasingDepths;
    private readonly BlockType block;
    private readonly double seRatio;
    private readonly int stride;

    internal AnyNetDesignSpace(DesignSpaceDefinition definition)
        : base(definition)
    {
        var a = definition.AnyNet ?? throw new ArgumentException("not an anynet space", nameof(definition));
        stages = Template.Stages;
        depths = Expand(a.Depth!);
        widths = Expand(a.Width!);
        bottlenecks = Expand(a.Bottleneck ?? [new FixedDistribution(1)]);
        groupWidths = Expand(a.GroupWidth!);
        sharedBottleneck = a.SharedBottleneck;
        sharedGroupWidth = a.SharedGroupWidth;
        nonDecreasingWidths = a.NonDecreasingWidths;
        nonDecreasingDepths = a.NonDecreasingDepths;
        block = Template.Block;
        seRatio = Template.Block == BlockType.Y ? Template.SeRatio : 0;
        stride = Template.Stride;
        Parameters = [
            .. Describe("depth", depths, false, "d_i: blocks in the stage"),
            .. Describe("width", widths, false, "w_i: output channels of every block in the stage"),
            .. Describe("bottleneck", bottlenecks, sharedBottleneck, "b_i as a multiplier (pycls bot_mul): inner width w·b; paper ratio 1/b"),
            .. Describe("group_width", groupWidths, sharedGroupWidth, "g_i: channels per group of the 3×3 conv"),
        ];
        var rules = new List<string>();
        if (sharedBottleneck)
        {
            rules.Add("one bottleneck b for all stages (shared, as AnyNetX_B)");
        }

        if (sharedGroupWidth)
        {
            rules.Add("one group width g for all stages (shared, as AnyNetX_C)");
        }

        if (nonDecreasingWidths)
        {
            rules.Add("widths non-decreasing, w_{i+1} ≥ w_i (as AnyNetX_D): draws that break it are rejected, as pycls rejects configs that fail a constraint; checked on the drawn widths and again after the compatibility adjustment");
        }

        if (nonDecreasingDepths)
        {
            rules.Add("depths non-decreasing, d_{i+1} ≥ d_i (as AnyNetX_E): draws that break it are rejected");
        }

        rules.Add("each stage's (w, b, g) is made compatible as pycls's adjust_block_compatibility, not rejected: g ≤ w·b, w·b rounded to a multiple of g (of lcm(g, b) for b > 1), w = that / b; e.g. w 24, b 0.25, g 4 becomes w 32");
        Rules = rules;
        Cardinality = Count(depths, false, nonDecreasingDepths)
            * Count(widths, false, nonDecreasingWidths)
            * Count(bottlenecks, sharedBottleneck, false)
            * Count(groupWidths, sharedGroupWidth, false);
    }

    /// <inheritdoc />
    public override string Family => "anynet";

    /// <inheritdoc />
    public override IReadOnlyList<SpaceParameter> Parameters { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> Rules { get; }

    /// <inheritdoc />
    public override double Cardinality { get; }

    /// <inheritdoc />
    public override NetworkSpec? Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int n = stages;
        var d = new int[n];
        var w = new int[n];
        var b = new double[n];
        var g = new int[n];

        // All parameters are drawn before any rule is checked (pycls samples a whole config, then validates it),
        // so a draw consumes the same random numbers whether it is accepted or not.
        for (int i = 0; i < n; i++)
        {
            d[i] = (int)depths[i].Sample(random);
        }

        for (int i = 0; i < n; i++)
        {
            w[i] = (int)widths[i].Sample(random);
        }

        Fill(b, bottlenecks, sharedBottleneck, random);
        double shared = sharedGroupWidth ? groupWidths[0].Sample(random) : 0;
        for (int i = 0; i < n; i++)
        {
            g[i] = (int)(sharedGroupWidth ? shared : groupWidths[i].Sample(random));
        }

        if ((nonDecreasingWidths && !NonDecreasing(w)) || (nonDecreasingDepths && !NonDecreasing(d)))
        {
            return null;
        }

        var (ws, bs, gs) = RegNetGenerator.AdjustBlockCompatibility(w, b, g);
        if (nonDecreasingWidths && !NonDecreasing(ws))
        {
            return null;
        }

        var stageSpecs = new StageSpec[n];
        for (int i = 0; i < n; i++)
        {
            stageSpecs[i] = new StageSpec
            {
                Block = block,
                Depth = d[i],
                Width = ws[i],
                Stride = stride,
                Bottleneck = bs[i],
                GroupWidth = gs[i],
                SeRatio = seRatio,
            };
        }

        return new NetworkSpec
        {
            Input = Input,
            Activation = ActivationType.Relu,
            Stem = Stem,
            Stages = stageSpecs,
            Head = Head,
        };
    }

    private static void Fill(double[] target, ParameterDistribution[] source, bool shared, Random random)
    {
        if (shared)
        {
            Array.Fill(target, source[0].Sample(random));
            return;
        }

        for (int i = 0; i < target.Length; i++)
        {
            target[i] = source[i].Sample(random);
        }
    }

    private static bool NonDecreasing(int[] values)
    {
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] < values[i - 1])
            {
                return false;
            }
        }

        return true;
    }

    // Number of distinct settings of one parameter over all stages: one draw when shared, multisets
    // (C(n + k − 1, k)) when non-decreasing with one distribution for all stages, otherwise the product.
    private static double Count(ParameterDistribution[] perStage, bool shared, bool nonDecreasing)
    {
        if (shared)
        {
            return perStage[0].Cardinality;
        }

        if (nonDecreasing && perStage.All(p => p.Equals(perStage[0])))
        {
            double n = perStage[0].Cardinality, count = 1;
            for (int j = 1; j <= perStage.Length; j++)
            {
                count = count * (n - 1 + j) / j;
            }

            return count;
        }

        return perStage.Aggregate(1.0, (product, p) => product * p.Cardinality);
    }

    private ParameterDistribution[] Expand(IReadOnlyList<ParameterDistribution> list) =>
        list.Count == 1 ? Enumerable.Repeat(list[0], stages).ToArray() : list.ToArray();

    private IEnumerable<SpaceParameter> Describe(string name, ParameterDistribution[] perStage, bool shared, string meaning)
    {
        if (shared)
        {
            return [new SpaceParameter(name, "shared", perStage[0], meaning)];
        }

        if (perStage.All(p => p.Equals(perStage[0])))
        {
            return [new SpaceParameter(name, $"per stage (×{stages})", perStage[0], meaning)];
        }

        return perStage.Select((p, i) => new SpaceParameter(name, $"stage {i + 1}", p, meaning));
    }
}
