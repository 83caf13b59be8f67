using NetSpace.Complexity;
using NetSpace.Specs;

namespace NetSpace.DesignSpaces;

/// <summary>
/// Seeded rejection sampling from a design space: draw, re-target to the data, validate, measure,
/// keep when inside the complexity windows and not seen before. The same seed gives the same specs.
/// </summary>
public static class SpaceSampler
{
    /// <summary>Default bound on draws per requested sample (the total bound is this times the count, at least 100,000).</summary>
    public const long DrawsPerSample = 100_000;

    /// <summary>
    /// Draws until <paramref name="count"/> distinct accepted specs are found. Throws
    /// <see cref="SamplingException"/> (with the observed complexity range) when <paramref name="maxDraws"/>
    /// draws are not enough. Accepted specs are named <c>{space}-{index}</c>. Null
    /// <paramref name="constraints"/> means the space's own windows (<see cref="DesignSpace.Constraints"/>) or none.
    /// A <paramref name="retarget"/> that makes a draw invalid counts it as invalid.
    /// </summary>
    public static SamplingResult Sample(
        IDesignSpace space,
        int count,
        ComplexityConstraints? constraints,
        long seed,
        Func<NetworkSpec, NetworkSpec>? retarget = null,
        long? maxDraws = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        constraints ??= (space as DesignSpace)?.Constraints ?? ComplexityConstraints.None;
        long limit = maxDraws ?? Math.Max(100_000, count * DrawsPerSample);
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var samples = new List<SampledSpec>(Math.Min(count, 1024));

        // Identity of an architecture: its spec without the name (NetworkSpec compares stages element-wise).
        var seen = new HashSet<NetworkSpec>();
        long draws = 0, bySpace = 0, invalid = 0, byConstraints = 0, duplicates = 0;
        long[] min = [long.MaxValue, long.MaxValue, long.MaxValue];
        long[] max = [long.MinValue, long.MinValue, long.MinValue];
        while (samples.Count < count && draws < limit)
        {
            draws++;
            var drawn = space.Draw(random);
            if (drawn is null)
            {
                bySpace++;
                continue;
            }

            NetworkSpec spec;
            ModelComplexity cx;
            try
            {
                spec = retarget is null ? drawn : retarget(drawn);
                if (!IsValid(spec))
                {
                    // The validator is the authority; IsValid only spares its field names and messages for specs it would accept.
                    SpecValidator.Validate(spec);
                }

                cx = Measure(spec);
            }
            catch (SpecValidationException)
            {
                invalid++;
                continue;
            }

            Track(min, max, cx);
            if (!constraints.Accepts(cx))
            {
                byConstraints++;
                continue;
            }

            if (!seen.Add(spec.Name is null ? spec : spec with { Name = null }))
            {
                duplicates++;
                continue;
            }

            samples.Add(new SampledSpec(spec with { Name = $"{space.Name}-{samples.Count}" }, cx));
        }

        var result = new SamplingResult
        {
            Samples = samples,
            Draws = draws,
            RejectedBySpace = bySpace,
            Invalid = invalid,
            RejectedByConstraints = byConstraints,
            Duplicates = duplicates,
            ObservedMin = min[0] == long.MaxValue ? null : new ModelComplexity(min[0], min[1], min[2]),
            ObservedMax = max[0] == long.MinValue ? null : new ModelComplexity(max[0], max[1], max[2]),
        };
        if (samples.Count < count)
        {
            string range = result.ObservedMin is { } lo && result.ObservedMax is { } hi
                ? $"observed flops {lo.Flops:N0}–{hi.Flops:N0}, params {lo.Params:N0}–{hi.Params:N0}, acts {lo.Acts:N0}–{hi.Acts:N0}"
                : "no valid model was drawn";
            throw new SamplingException(
                $"{space.Name}: only {samples.Count} of {count} models accepted after {draws:N0} draws " +
                $"({byConstraints:N0} outside the complexity windows, {bySpace:N0} rejected by the space, {invalid:N0} invalid, {duplicates:N0} duplicates); {range}");
        }

        return result;
    }

    /// <summary>
    /// flops, params and acts exactly as <see cref="NetworkComplexity.Measure"/>, with the same per-layer rules
    /// (<see cref="NetworkComplexity.Stem"/>, <see cref="NetworkComplexity.Block"/>, <see cref="NetworkComplexity.Head"/>),
    /// but each stage's repeated blocks counted once: blocks 2…d of a stage have the same geometry and the same
    /// feature-map size (stride 1), so the cost per spec grows with the number of stages, not of blocks.
    /// </summary>
    internal static ModelComplexity Measure(NetworkSpec spec)
    {
        var stem = new ComplexityCounter(spec.Input.Size, spec.Input.Size);
        NetworkComplexity.Stem(stem, spec.Input.Channels, spec.Stem);
        var total = stem.Total;
        int height = stem.Height, width = stem.Width, channels = spec.Stem.Width;
        var stages = spec.Stages;
        for (int s = 0; s < stages.Count; s++)
        {
            var stage = stages[s];
            var first = new ComplexityCounter(height, width);
            NetworkComplexity.Block(first, BlockGeometry.For(stage, channels, stage.Stride));
            total += first.Total;
            (height, width, channels) = (first.Height, first.Width, stage.Width);
            if (stage.Depth > 1)
            {
                var rest = new ComplexityCounter(height, width);
                NetworkComplexity.Block(rest, BlockGeometry.For(stage, channels, 1));
                long n = stage.Depth - 1;
                total += new ModelComplexity(rest.Flops * n, rest.Params * n, rest.Acts * n);
            }
        }

        var head = new ComplexityCounter(height, width);
        NetworkComplexity.Head(head, channels, spec.Head);
        return total + head.Total;
    }

    /// <summary>
    /// True only when <see cref="SpecValidator.Validate"/> would accept <paramref name="spec"/>: the same checks
    /// without building field names and messages (which cost more than the complexity itself). False means
    /// "ask the validator"; it may be stricter than the validator, never looser (tested on random and broken specs).
    /// </summary>
    internal static bool IsValid(NetworkSpec spec)
    {
        if (spec.Input is not { } input || spec.Stem is not { } stem || spec.Head is not { } head || spec.Stages is not { } stages)
        {
            return false;
        }

        if (input.Size < 1 || input.Channels < 1 || spec.Activation is not (ActivationType.Relu or ActivationType.Silu)
            || stem.Type is not (StemType.Simple or StemType.ResNet or StemType.Small) || stem.Width < 1 || stages.Count < 1)
        {
            return false;
        }

        for (int i = 0; i < stages.Count; i++)
        {
            if (stages[i] is not { } stage || !IsValid(stage))
            {
                return false;
            }
        }

        if (head.Width < 0 || head.Classes < 1 || head.Dropout is not (>= 0 and < 1))
        {
            return false;
        }

        return spec.RegNet is not { } p || IsValid(p);
    }

    private static bool IsValid(StageSpec stage)
    {
        if (stage.Depth < 1 || stage.Width < 1 || stage.Stride is not (1 or 2) || stage.Kernel < 1 || stage.Kernel % 2 != 1
            || stage.SeRatio is not (>= 0 and <= 1))
        {
            return false;
        }

        switch (stage.Block)
        {
            case BlockType.X or BlockType.Y:
                if (!(stage.Bottleneck > 0) || stage.GroupWidth < 1 || stage.Expansion != 1)
                {
                    return false;
                }

                long inner = PyMath.Round(stage.Width * stage.Bottleneck);
                return inner >= 1 && inner % stage.GroupWidth == 0
                    && (stage.Block == BlockType.Y ? stage.SeRatio > 0 : stage.SeRatio == 0);
            case BlockType.MBConv:
                return stage.Expansion > 0 && stage.Bottleneck == 1 && stage.GroupWidth == 0;
            case BlockType.Vanilla or BlockType.Basic:
                return stage.Bottleneck == 1 && stage.Expansion == 1 && stage.GroupWidth == 0 && stage.SeRatio == 0;
            default:
                return false;
        }
    }

    private static bool IsValid(RegNetParameters p) =>
        p.Depth >= 1 && p.Quantum >= 1 && p.W0 > 0 && p.W0 % p.Quantum == 0
        && p.Wa >= 0 && double.IsFinite(p.Wa) && p.Wm > 1 && double.IsFinite(p.Wm)
        && p.GroupWidth >= 1 && p.Bottleneck > 0 && (p.Bottleneck < 1 || p.Bottleneck % 1 == 0)
        && p.SeRatio is (>= 0 and <= 1) && p.Stride is (1 or 2);

    private static void Track(long[] min, long[] max, ModelComplexity c)
    {
        min[0] = Math.Min(min[0], c.Flops);
        max[0] = Math.Max(max[0], c.Flops);
        min[1] = Math.Min(min[1], c.Params);
        max[1] = Math.Max(max[1], c.Params);
        min[2] = Math.Min(min[2], c.Acts);
        max[2] = Math.Max(max[2], c.Acts);
    }
}
