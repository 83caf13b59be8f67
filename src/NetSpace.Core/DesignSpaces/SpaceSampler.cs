using NetSpace.Complexity;
using NetSpace.Serialization;
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
    /// draws are not enough. Accepted specs are named <c>{space}-{index}</c>.
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
        constraints ??= ComplexityConstraints.None;
        long limit = maxDraws ?? Math.Max(100_000, count * DrawsPerSample);
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var samples = new List<SampledSpec>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
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

            var spec = retarget is null ? drawn : retarget(drawn);
            ModelComplexity cx;
            try
            {
                SpecValidator.Validate(spec);
                cx = NetworkComplexity.Measure(spec);
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

            // Identity of an architecture: its spec without the name.
            if (!seen.Add(SpecJson.Serialize(spec with { Name = null }, indented: false)))
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

    private static void Track(long[] min, long[] max, ModelComplexity c)
    {
        long[] values = [c.Flops, c.Params, c.Acts];
        for (int i = 0; i < 3; i++)
        {
            min[i] = Math.Min(min[i], values[i]);
            max[i] = Math.Max(max[i], values[i]);
        }
    }
}
