using System.Numerics;
using NetSpace.Complexity;
using NetSpace.Specs;

namespace NetSpace.Search;

/// <summary>What a decision chooses.</summary>
public enum DecisionKind
{
    /// <summary>The operation of one block.</summary>
    Block,

    /// <summary>Whether a feature level feeds the high-resolution fusion output (read by detection and segmentation).</summary>
    FusionHigh,

    /// <summary>Whether a feature level feeds the low-resolution fusion output (read by classification).</summary>
    FusionLow,
}

/// <summary>One categorical decision of a search space.</summary>
/// <param name="Name">e.g. <c>s2.b1</c> or <c>fuse.high.l2</c>.</param>
/// <param name="Kind">Block or fusion edge.</param>
/// <param name="Choices">Labels of the choices (block choices, or <c>skip</c>/<c>keep</c> for edges).</param>
/// <param name="Stage">Stage of a block decision (−1 for fusion).</param>
/// <param name="Block">Index of the block in its stage, or the feature level of a fusion edge.</param>
public sealed record Decision(string Name, DecisionKind Kind, IReadOnlyList<string> Choices, int Stage, int Block);

/// <summary>
/// A compiled <see cref="SearchSpaceSpec"/>: its decisions, the plain spec of any architecture (one choice index
/// per decision), and its FLOPs per task. FLOPs are additive over decisions (every block's input and output
/// sizes are fixed by the space; each fusion edge adds its own convs), so per-decision tables give the exact
/// FLOPs of any architecture, the expected FLOPs under a distribution and the minimum/maximum.
/// </summary>
public sealed class SearchSpace
{
    private readonly BlockChoice[][] blockChoices;
    private readonly int[] blockDecision; // decision index of each block (flattened), for derive
    private readonly Dictionary<VisionTask, (long Base, long[][] Delta)> flopTables = [];

    /// <summary>Compiles and validates a space.</summary>
    /// <exception cref="SpecValidationException">A field is invalid (named).</exception>
    public SearchSpace(SearchSpaceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        if (spec.Stages.Count == 0)
        {
            throw new SpecValidationException("stages", "at least one stage is needed");
        }

        var decisions = new List<Decision>();
        var choices = new List<BlockChoice[]>();
        var blockIndex = new List<int>();
        for (int s = 0; s < spec.Stages.Count; s++)
        {
            var stage = spec.Stages[s];
            if (stage.Width < 1 || stage.Blocks < 1 || stage.Stride is not (1 or 2))
            {
                throw new SpecValidationException($"stages[{s}]", $"width {stage.Width} and blocks {stage.Blocks} must be ≥ 1, stride {stage.Stride} 1 or 2");
            }

            var labels = stage.Choices ?? spec.Choices;
            BlockChoice[] parsed;
            try
            {
                parsed = labels.Select(BlockChoice.Parse).ToArray();
            }
            catch (FormatException ex)
            {
                throw new SpecValidationException(stage.Choices is null ? "choices" : $"stages[{s}].choices", ex.Message);
            }

            if (parsed.Select(p => p.Label).Distinct().Count() != parsed.Length)
            {
                throw new SpecValidationException("choices", "a choice is listed twice");
            }

            for (int b = 0; b < stage.Blocks; b++)
            {
                var set = b == 0 ? parsed.Where(p => !p.Skip).ToArray() : parsed;
                if (set.Length == 0)
                {
                    throw new SpecValidationException($"stages[{s}].choices", "the first block of a stage needs a choice other than skip");
                }

                blockIndex.Add(decisions.Count);
                decisions.Add(new Decision($"s{s + 1}.b{b}", DecisionKind.Block, set.Select(c => c.Label).ToArray(), s, b));
                choices.Add(set);
            }
        }

        blockChoices = [.. choices];
        blockDecision = [.. blockIndex];
        Levels = LevelSizes().Count;
        if (spec.SearchFusion)
        {
            for (int l = 1; l < Levels; l++)
            {
                decisions.Add(new Decision($"fuse.high.l{l}", DecisionKind.FusionHigh, ["skip", "keep"], -1, l));
            }

            for (int l = 0; l < Levels - 1; l++)
            {
                decisions.Add(new Decision($"fuse.low.l{l}", DecisionKind.FusionLow, ["skip", "keep"], -1, l));
            }
        }

        Decisions = decisions;
        var probe = Derive(new int[decisions.Count]);
        SpecValidator.Validate(probe);
    }

    /// <summary>The space as written.</summary>
    public SearchSpaceSpec Spec { get; }

    /// <summary>The decisions, blocks first (in network order), then fusion edges.</summary>
    public IReadOnlyList<Decision> Decisions { get; }

    /// <summary>Number of feature levels (distinct output resolutions of the stages).</summary>
    public int Levels { get; }

    /// <summary>Number of architectures (product of the choice counts).</summary>
    public BigInteger Count => Decisions.Aggregate(BigInteger.One, (n, d) => n * d.Choices.Count);

    /// <summary>The parsed choice of block decision <paramref name="decision"/>.</summary>
    public BlockChoice BlockChoiceOf(int decision, int choice) => blockChoices[Array.IndexOf(blockDecision, decision)][choice];

    /// <summary>Checks an architecture's length and ranges.</summary>
    /// <exception cref="ArgumentException">Wrong length or a choice out of range (named).</exception>
    public void Check(IReadOnlyList<int> arch)
    {
        ArgumentNullException.ThrowIfNull(arch);
        if (arch.Count != Decisions.Count)
        {
            throw new ArgumentException($"an architecture of this space has {Decisions.Count} choices, got {arch.Count}");
        }

        for (int d = 0; d < arch.Count; d++)
        {
            if ((uint)arch[d] >= (uint)Decisions[d].Choices.Count)
            {
                throw new ArgumentException($"{Decisions[d].Name}: choice {arch[d]} out of range (0…{Decisions[d].Choices.Count - 1})");
            }
        }
    }

    /// <summary>
    /// The plain spec of an architecture: the stem, one depth-1 MBConv stage per kept block (the stage's stride on
    /// its first block), the classifier for <see cref="SearchSpaceSpec.Classes"/>, and the heads with the chosen fusion.
    /// </summary>
    public NetworkSpec Derive(IReadOnlyList<int> arch, string? name = null)
    {
        Check(arch);
        var stages = new List<StageSpec>();
        int k = 0;
        for (int s = 0; s < Spec.Stages.Count; s++)
        {
            var stage = Spec.Stages[s];
            for (int b = 0; b < stage.Blocks; b++, k++)
            {
                var c = blockChoices[k][arch[blockDecision[k]]];
                if (c.Skip)
                {
                    continue;
                }

                stages.Add(new StageSpec
                {
                    Block = BlockType.MBConv,
                    Depth = 1,
                    Width = stage.Width,
                    Stride = b == 0 ? stage.Stride : 1,
                    Kernel = c.Kernel,
                    Expansion = c.Expansion,
                    SeRatio = c.SqueezeExcitation ? BlockChoice.SeRatio : 0,
                });
            }
        }

        return new NetworkSpec
        {
            Name = name ?? Spec.Name,
            Input = Spec.Input,
            Activation = Spec.Activation,
            Stem = Spec.Stem,
            Stages = stages,
            Head = new HeadSpec { Classes = Spec.Classes },
            DenseHeads = Spec.Heads with { Fusion = Fusion(arch) },
        };
    }

    /// <summary>The fusion edges an architecture keeps (every edge when the space does not search them).</summary>
    public FusionSpec Fusion(IReadOnlyList<int> arch)
    {
        ArgumentNullException.ThrowIfNull(arch);
        var high = new bool[Levels];
        var low = new bool[Levels];
        Array.Fill(high, true);
        Array.Fill(low, true);
        for (int d = blockDecision.Length; d < Decisions.Count; d++)
        {
            var decision = Decisions[d];
            (decision.Kind == DecisionKind.FusionHigh ? high : low)[decision.Block] = arch[d] == 1;
        }

        return new FusionSpec { ToHigh = high, ToLow = low };
    }

    /// <summary>Exact FLOPs (multiply-adds) of an architecture with the head of <paramref name="task"/>, from the per-decision tables.</summary>
    public long Flops(IReadOnlyList<int> arch, VisionTask task)
    {
        Check(arch);
        var (b, delta) = Table(task);
        long total = b;
        for (int d = 0; d < arch.Count; d++)
        {
            total += delta[d][arch[d]];
        }

        return total;
    }

    /// <summary>Expected FLOPs with the head of <paramref name="task"/> when each decision d is drawn from <paramref name="probabilities"/>[d].</summary>
    public double ExpectedFlops(IReadOnlyList<IReadOnlyList<double>> probabilities, VisionTask task)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var (b, delta) = Table(task);
        double total = b;
        for (int d = 0; d < delta.Length; d++)
        {
            for (int c = 0; c < delta[d].Length; c++)
            {
                total += probabilities[d][c] * delta[d][c];
            }
        }

        return total;
    }

    /// <summary>The cheapest and the most expensive architecture's FLOPs for <paramref name="task"/>.</summary>
    public (long Min, long Max) FlopsRange(VisionTask task)
    {
        var (b, delta) = Table(task);
        return (b + delta.Sum(d => d.Min()), b + delta.Sum(d => d.Max()));
    }

    /// <summary>The per-decision FLOPs of each choice relative to choice 0 of every decision, and the FLOPs of the all-zero architecture.</summary>
    public (long Base, long[][] Delta) Table(VisionTask task)
    {
        if (flopTables.TryGetValue(task, out var table))
        {
            return table;
        }

        var zero = new int[Decisions.Count];
        long Measure(int[] a)
        {
            var spec = Derive(a);
            return MultiTaskComplexity.Measure(spec, spec.DenseHeads!, [task]).Total.Flops;
        }

        long b = Measure(zero);
        var delta = new long[Decisions.Count][];
        for (int d = 0; d < Decisions.Count; d++)
        {
            delta[d] = new long[Decisions[d].Choices.Count];
            for (int c = 1; c < delta[d].Length; c++)
            {
                var a = (int[])zero.Clone();
                a[d] = c;
                delta[d][c] = Measure(a) - b;
            }
        }

        table = (b, delta);
        flopTables[task] = table;
        return table;
    }

    /// <summary>A uniformly random architecture.</summary>
    public int[] Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Decisions.Select(d => random.Next(d.Choices.Count)).ToArray();
    }

    // Output side of each distinct resolution, following the stages' strides from the stem's output.
    private List<int> LevelSizes()
    {
        int size = Spec.Input.Size;
        size = Spec.Stem.Type switch
        {
            StemType.Small => size,
            StemType.ResNet => (((size - 1) / 2) + 1 - 1) / 2 + 1,
            _ => ((size - 1) / 2) + 1,
        };
        var sizes = new List<int>();
        foreach (var stage in Spec.Stages)
        {
            size = ((size - 1) / stage.Stride) + 1;
            if (sizes.Count == 0 || sizes[^1] != size)
            {
                sizes.Add(size);
            }
        }

        return sizes;
    }
}
