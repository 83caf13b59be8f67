using NetSpace.DesignSpaces;

namespace NetSpace.Tests.DesignSpaces;

public class SpaceRefinementTests
{
    [Fact]
    public void EachDistributionIsRestrictedOutwardsToItsGridAndInsideItsRange()
    {
        Assert.Equal(new UniformDistribution(14, 19, 1), SpaceRefinement.Restrict(new UniformDistribution(12, 28, 1), 14.5, 18.25));
        Assert.Equal(new LogUniformDistribution(16, 48, 8), SpaceRefinement.Restrict(new LogUniformDistribution(8, 256, 8), 20, 41));
        Assert.Equal(new LogUniformDistribution(24.3, 36.5, 0.1), SpaceRefinement.Restrict(new LogUniformDistribution(8, 256, 0.1), 24.35, 36.41));
        Assert.Equal(new LogUniformDistribution(2.189, 2.65, 0.001), SpaceRefinement.Restrict(new LogUniformDistribution(2, 3, 0.001), 2.1893, 2.6492));
        Assert.Equal(new LogUniformDistribution(8, 16, 8), SpaceRefinement.Restrict(new LogUniformDistribution(8, 256, 8), 1, 12)); // clipped to the parent's low, widened to the grid

        // g: multiples of 8 above the quantum, powers of two below it.
        Assert.Equal(new LogUniformDistribution(16, 48, 8), SpaceRefinement.Restrict(new Power2OrLogDistribution(8, 128, 8), 16, 44));
        Assert.Equal(new Power2OrLogDistribution(2, 16, 8), SpaceRefinement.Restrict(new Power2OrLogDistribution(1, 32, 8), 3, 12));
        Assert.Equal(new FixedDistribution(24), SpaceRefinement.Restrict(new Power2OrLogDistribution(8, 128, 8), 24, 24));

        Assert.Equal(new ChoiceDistribution([2, 4]), SpaceRefinement.Restrict(new ChoiceDistribution([1, 2, 4, 8]), 2, 5));
        Assert.Equal(new ChoiceDistribution([8]), SpaceRefinement.Restrict(new ChoiceDistribution([1, 2, 4, 8]), 9, 12)); // none inside: the nearest
        Assert.Equal(new FixedDistribution(1), SpaceRefinement.Restrict(new FixedDistribution(1), 2, 3));
    }

    [Fact]
    public void ARefinedRegNetXKeepsTemplateAndWindowsAndSamplesOnlyInsideTheRanges()
    {
        var parent = DesignSpaceCatalog.Get("regnetx");
        var ranges = new Dictionary<string, (double Low, double High)>
        {
            ["d"] = (13, 17),
            ["w0"] = (24, 56),
            ["wa"] = (20.5, 40.2),
            ["wm"] = (2.2, 2.6),
            ["g"] = (8, 24),
        };
        var refined = SpaceRefinement.Refine(parent.Definition, ranges, "regnetx-refined", "test");
        Assert.Equal(parent.Definition.Template, refined.Template);
        Assert.Equal(parent.Definition.Constraints, refined.Constraints);
        Assert.Equal("regnetx-refined", refined.Name);
        var space = DesignSpace.Create(DesignSpaceDefinition.Parse(refined.ToJson()), "refined.json"); // JSON round trip
        Assert.True(space.Cardinality < parent.Cardinality / 100, $"{space.Cardinality} vs {parent.Cardinality}");
        var result = SpaceSampler.Sample(space, 200, ComplexityConstraints.None, seed: 3);
        Assert.Equal(200, result.Samples.Count);
        foreach (var sample in result.Samples)
        {
            var r = sample.Spec.RegNet!;
            Assert.InRange(r.Depth, 13, 17);
            Assert.InRange(r.W0, 24, 56);
            Assert.InRange(r.Wa, 20.5, 40.2);
            Assert.InRange(r.Wm, 2.2, 2.6);
            Assert.InRange(r.GroupWidth, 8, 24);
        }

        Assert.Contains(SpaceRefinement.Describe(parent.Definition, refined), line => line.StartsWith("d   uniform [12, 28] q 1 → uniform [13, 17] q 1", StringComparison.Ordinal));
    }

    [Fact]
    public void BadRangesAndNonRegNetSpacesAreRefused()
    {
        var regnet = DesignSpaceCatalog.Get("regnetx").Definition;
        Assert.Contains("not a RegNet space", Assert.Throws<ArgumentException>(() => SpaceRefinement.Refine(DesignSpaceCatalog.Get("anynetx-a").Definition, new Dictionary<string, (double, double)>(), "x", "x")).Message, StringComparison.Ordinal);
        Assert.Contains("'b' is not a RegNet parameter", Assert.Throws<ArgumentException>(() => SpaceRefinement.Refine(regnet, new Dictionary<string, (double, double)> { ["b"] = (1, 2) }, "x", "x")).Message, StringComparison.Ordinal);
        Assert.Contains("low ≤ high", Assert.Throws<ArgumentException>(() => SpaceRefinement.Refine(regnet, new Dictionary<string, (double, double)> { ["d"] = (20, 13) }, "x", "x")).Message, StringComparison.Ordinal);
    }
}
