using NetSpace.DesignSpaces;
using NetSpace.Specs;

namespace NetSpace.Tests.DesignSpaces;

public class BuiltInSpaceTests
{
    private const int Draws = 2_000;

    /// <summary>Up to <paramref name="n"/> specs the space accepts (its own rejections skipped).</summary>
    private static List<NetworkSpec> Accepted(string name, int n = Draws, int seed = 3)
    {
        var space = DesignSpaceCatalog.Get(name);
        var random = new Random(seed);
        var specs = new List<NetworkSpec>();
        for (int i = 0; specs.Count < n && i < n * 1000; i++)
        {
            if (space.Draw(random) is { } spec)
            {
                specs.Add(spec);
            }
        }

        Assert.Equal(n, specs.Count);
        return specs;
    }

    [Fact]
    public void CatalogListsTheSevenBuiltInSpaces()
    {
        Assert.Equal(["anynetx-a", "anynetx-b", "anynetx-c", "anynetx-d", "anynetx-e", "regnetx", "regnety"], DesignSpaceCatalog.Names);
        Assert.All(DesignSpaceCatalog.BuiltIn, s => Assert.False(string.IsNullOrWhiteSpace(s.Description)));
        Assert.Same(DesignSpaceCatalog.Get("regnetx"), DesignSpaceCatalog.Get("RegNetX"));
    }

    [Theory]
    [InlineData("anynetx-a")]
    [InlineData("anynetx-b")]
    [InlineData("anynetx-c")]
    [InlineData("anynetx-d")]
    [InlineData("anynetx-e")]
    public void AnyNetXSpecsHaveThePapersRanges(string name)
    {
        foreach (var spec in Accepted(name))
        {
            SpecValidator.Validate(spec);
            Assert.Equal(224, spec.Input.Size);
            Assert.Equal(3, spec.Input.Channels);
            Assert.Equal(1000, spec.Head.Classes);
            Assert.Equal(new StemSpec { Type = StemType.Simple, Width = 32 }, spec.Stem);
            Assert.Null(spec.RegNet);
            Assert.Equal(4, spec.Stages.Count);
            foreach (var stage in spec.Stages)
            {
                Assert.Equal(BlockType.X, stage.Block);
                Assert.Equal(2, stage.Stride);
                Assert.InRange(stage.Depth, 1, 16);
                Assert.InRange(stage.Width, 8, 1024);
                Assert.Equal(0, stage.Width % 8);

                // The paper's bottleneck ratio b ∈ {1, 2, 4} is the spec's multiplier 1/b.
                Assert.True(1 / stage.Bottleneck is 1 or 2 or 4, $"b = {1 / stage.Bottleneck}");
                Assert.InRange(stage.GroupWidth, 1, 32);
                Assert.Equal(0, (long)Math.Round(stage.Width * stage.Bottleneck) % stage.GroupWidth);
            }
        }
    }

    [Fact]
    public void AnyNetXADrawsEachStageIndependently()
    {
        var specs = Accepted("anynetx-a");
        Assert.Contains(specs, s => s.Stages.Select(x => x.Bottleneck).Distinct().Count() > 1);
        Assert.Contains(specs, s => s.Stages.Select(x => x.GroupWidth).Distinct().Count() > 2);
        Assert.Contains(specs, s => s.Stages[0].Width > s.Stages[1].Width);
        Assert.Contains(specs, s => s.Stages[0].Depth > s.Stages[1].Depth);

        // Every group width and depth of the ranges appears.
        Assert.Equal(16, specs.SelectMany(s => s.Stages).Select(s => s.Depth).Distinct().Count());
        Assert.Equal([1, 2, 4, 8, 16, 32], specs.SelectMany(s => s.Stages).Select(s => s.GroupWidth).Where(g => g is 1 or 2 or 4 or 8 or 16 or 32).Distinct().Order());
    }

    [Fact]
    public void AnyNetXAMakesIncompatibleStagesCompatibleAsPycls()
    {
        // AdjustBlockCompatibility, not rejection: widths move instead of draws being refused.
        var space = DesignSpaceCatalog.Get("anynetx-a");
        var random = new Random(5);
        for (int i = 0; i < 100; i++)
        {
            Assert.NotNull(space.Draw(random));
        }

        var (ws, _, gs) = RegNetGenerator.AdjustBlockCompatibility([24], [0.25], [4]);
        Assert.Equal(32, ws[0]);
        Assert.Equal(4, gs[0]);
    }

    [Theory]
    [InlineData("anynetx-b")]
    [InlineData("anynetx-c")]
    [InlineData("anynetx-d")]
    [InlineData("anynetx-e")]
    public void FromBOnOneBottleneckIsShared(string name)
    {
        Assert.All(Accepted(name), s => Assert.Single(s.Stages.Select(x => x.Bottleneck).Distinct()));
        Assert.Contains(Accepted("anynetx-b"), s => s.Stages.Select(x => x.GroupWidth).Distinct().Count() > 2);
    }

    [Theory]
    [InlineData("anynetx-c")]
    [InlineData("anynetx-d")]
    [InlineData("anynetx-e")]
    public void FromCOnOneGroupWidthIsSharedUpToPyclsClamping(string name)
    {
        // pycls clamps g to the bottleneck width w·b of a narrow stage: g_i = min(g, w_i·b).
        foreach (var spec in Accepted(name))
        {
            int g = spec.Stages.Max(s => s.GroupWidth);
            Assert.All(spec.Stages, s => Assert.Equal(Math.Min(g, (int)(s.Width * s.Bottleneck)), s.GroupWidth));
        }
    }

    [Theory]
    [InlineData("anynetx-d")]
    [InlineData("anynetx-e")]
    public void FromDOnWidthsDoNotDecrease(string name)
    {
        Assert.All(Accepted(name), s => Assert.True(IsNonDecreasing(s.Stages.Select(x => x.Width)), string.Join(",", s.Stages.Select(x => x.Width))));
        Assert.Contains(Accepted("anynetx-d"), s => s.Stages[0].Depth > s.Stages[1].Depth);
    }

    [Fact]
    public void EDepthsDoNotDecrease()
    {
        Assert.All(Accepted("anynetx-e"), s => Assert.True(IsNonDecreasing(s.Stages.Select(x => x.Depth))));
    }

    [Fact]
    public void DAndERejectDrawsThatBreakMonotonicity()
    {
        foreach (var (name, lo, hi) in new[] { ("anynetx-d", 0.02, 0.15), ("anynetx-e", 0.001, 0.02) })
        {
            var space = DesignSpaceCatalog.Get(name);
            var random = new Random(1);
            int accepted = Enumerable.Range(0, 20_000).Count(_ => space.Draw(random) is not null);
            Assert.InRange(accepted / 20_000.0, lo, hi);
        }
    }

    [Fact]
    public void SizesShrinkFromAToEAsInThePaper()
    {
        double[] sizes = [.. DesignSpaceCatalog.Names.Take(5).Select(n => DesignSpaceCatalog.Get(n).Cardinality)];

        // (16·128·3·6)^4 ≈ 1.8·10^18.
        Assert.Equal(Math.Pow(16 * 128 * 3 * 6, 4), sizes[0], 1e-9 * sizes[0]);
        Assert.True(sizes.Zip(sizes.Skip(1)).All(p => p.First > p.Second), string.Join(", ", sizes));
    }

    [Theory]
    [InlineData("regnetx", BlockType.X, 0)]
    [InlineData("regnety", BlockType.Y, 0.25)]
    public void RegNetSpecsHavePyclsSamplerRangesAndExactlyFourStages(string name, BlockType block, double se)
    {
        foreach (var spec in Accepted(name))
        {
            var p = spec.RegNet;
            Assert.NotNull(p);
            Assert.Equal(4, spec.Stages.Count);
            Assert.InRange(p.Depth, 12, 28);
            Assert.Equal(p.Depth, spec.TotalDepth);
            Assert.InRange(p.W0, 8, 256);
            Assert.Equal(0, p.W0 % 8);
            Assert.InRange(p.Wa, 8, 256);
            Assert.Equal(Math.Round(p.Wa, 1), p.Wa);
            Assert.InRange(p.Wm, 2, 3);
            Assert.Equal(Math.Round(p.Wm, 3), p.Wm);
            Assert.InRange(p.GroupWidth, 8, 128);
            Assert.Equal(0, p.GroupWidth % 8);
            Assert.Equal(1, p.Bottleneck);
            Assert.Equal(se, p.SeRatio);
            Assert.All(spec.Stages, s => Assert.Equal(block, s.Block));
            Assert.All(spec.Stages, s => Assert.Equal(se, s.SeRatio));

            // The spec is exactly what the generator makes of the recorded parameters.
            Assert.Equal(RegNetGenerator.ToSpec(p), spec);
        }
    }

    [Fact]
    public void RegNetRejectsDrawsWithOtherStageCounts()
    {
        var space = (RegNetDesignSpace)DesignSpaceCatalog.Get("regnetx");
        var random = new Random(2);
        int accepted = Enumerable.Range(0, 5_000).Count(_ => space.Draw(random) is not null);
        Assert.InRange(accepted / 5_000.0, 0.05, 0.6);
    }

    [Fact]
    public void StageCountShortcutAgreesWithTheGenerator()
    {
        var random = new Random(11);
        for (int i = 0; i < 20_000; i++)
        {
            int d = random.Next(1, 40);
            int w0 = 8 * random.Next(1, 40);
            double wa = i % 10 == 0 ? 0 : Math.Round(random.NextDouble() * 200, 1);
            double wm = Math.Round(1.01 + (random.NextDouble() * 2.5), 3);
            var widths = RegNetGenerator.Widths(wa, w0, wm, d);
            Assert.Equal((widths.StageWidths.Length, widths.TotalStages), RegNetDesignSpace.StageCounts(wa, w0, wm, d));
        }
    }

    [Fact]
    public void ParametersAndRulesDescribeTheSpace()
    {
        var a = DesignSpaceCatalog.Get("anynetx-a");
        Assert.Equal(["depth", "width", "bottleneck", "group_width"], a.Parameters.Select(p => p.Name));
        Assert.All(a.Parameters, p => Assert.Equal("per stage (×4)", p.Scope));
        Assert.Contains(a.Rules, r => r.Contains("adjust_block_compatibility", StringComparison.Ordinal));

        var e = DesignSpaceCatalog.Get("anynetx-e");
        Assert.Equal("shared", e.Parameters.Single(p => p.Name == "bottleneck").Scope);
        Assert.Contains(e.Rules, r => r.Contains("widths non-decreasing", StringComparison.Ordinal));
        Assert.Contains(e.Rules, r => r.Contains("depths non-decreasing", StringComparison.Ordinal));

        var x = DesignSpaceCatalog.Get("regnetx");
        Assert.Equal(["depth", "w0", "wa", "wm", "group_width", "bottleneck", "se_ratio"], x.Parameters.Select(p => p.Name));
        Assert.Equal(new Power2OrLogDistribution(8, 128, 8), x.Parameters.Single(p => p.Name == "group_width").Distribution);
        Assert.Contains(x.Rules, r => r.Contains("exactly 4 stages", StringComparison.Ordinal));
    }

    private static bool IsNonDecreasing(IEnumerable<int> values)
    {
        var list = values.ToList();
        return list.Zip(list.Skip(1)).All(p => p.Second >= p.First);
    }
}
