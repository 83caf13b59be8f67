using NetSpace.Complexity;
using NetSpace.DesignSpaces;
using NetSpace.Specs;
using NetSpace.Zoo;

namespace NetSpace.Tests.DesignSpaces;

public class SpaceSamplerTests
{
    private static readonly ComplexityConstraints Window400MF = new() { Flops = ComplexityWindow.Parse("360M:400M") };

    /// <summary>A one-stage space with exactly two architectures (width 8 or 16).</summary>
    private static DesignSpace TwoModels() => DesignSpace.Create(new DesignSpaceDefinition
    {
        Name = "tiny",
        Template = new SpaceTemplate { InputSize = 28, Channels = 1, Classes = 10, Stem = StemType.Small, StemWidth = 8, Stages = 1 },
        AnyNet = new AnyNetDistributions
        {
            Depth = [new FixedDistribution(1)],
            Width = [new ChoiceDistribution([8, 16])],
            GroupWidth = [new FixedDistribution(8)],
        },
    });

    [Theory]
    [InlineData("anynetx-a")]
    [InlineData("anynetx-e")]
    [InlineData("regnetx")]
    [InlineData("regnety")]
    public void SameSeedGivesIdenticalSpecsAndDifferentSeedsDiffer(string name)
    {
        var space = DesignSpaceCatalog.Get(name);
        var a = SpaceSampler.Sample(space, 5, Window400MF, seed: 42);
        var b = SpaceSampler.Sample(space, 5, Window400MF, seed: 42);
        var c = SpaceSampler.Sample(space, 5, Window400MF, seed: 43);

        Assert.Equal(a.Samples.Select(s => s.Spec), b.Samples.Select(s => s.Spec));
        Assert.Equal(a.Draws, b.Draws);
        Assert.NotEqual(a.Samples.Select(s => s.Spec), c.Samples.Select(s => s.Spec));
    }

    [Theory]
    [InlineData("anynetx-a")]
    [InlineData("regnetx")]
    public void AcceptedSamplesAreInsideTheWindowNamedAndMeasuredExactly(string name)
    {
        var result = SpaceSampler.Sample(DesignSpaceCatalog.Get(name), 8, Window400MF, seed: 0);

        Assert.Equal(8, result.Samples.Count);
        for (int i = 0; i < 8; i++)
        {
            var (spec, cx) = result.Samples[i];
            Assert.Equal($"{name}-{i}", spec.Name);
            Assert.InRange(cx.Flops, 360_000_000, 400_000_000);
            Assert.Equal(NetworkComplexity.Measure(spec), cx);
        }

        Assert.Equal(result.Draws, result.RejectedBySpace + result.Invalid + result.RejectedByConstraints + result.Duplicates + result.Samples.Count);
        Assert.Equal(8.0 / result.Draws, result.AcceptanceRate);
        Assert.True(result.ObservedMin!.Value.Flops < 360_000_000);
        Assert.True(result.ObservedMax!.Value.Flops > 400_000_000);
    }

    [Fact]
    public void DuplicatesAreSkipped()
    {
        var result = SpaceSampler.Sample(TwoModels(), 2, null, seed: 0);

        Assert.Equal(2, result.Samples.Count);
        Assert.NotEqual(result.Samples[0].Spec.Stages[0].Width, result.Samples[1].Spec.Stages[0].Width);

        var ex = Assert.Throws<SamplingException>(() => SpaceSampler.Sample(TwoModels(), 3, null, seed: 0, maxDraws: 1_000));
        Assert.Contains("only 2 of 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("998 duplicates", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWindowThatAcceptsNothingNamesTheObservedRange()
    {
        var window = new ComplexityConstraints { Flops = ComplexityWindow.Parse("1K:2K") };
        var ex = Assert.Throws<SamplingException>(() => SpaceSampler.Sample(DesignSpaceCatalog.Get("regnetx"), 1, window, seed: 0, maxDraws: 5_000));

        Assert.StartsWith("regnetx: only 0 of 1 models accepted after 5,000 draws", ex.Message, StringComparison.Ordinal);
        Assert.Contains("observed flops ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("params ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RetargetingMeasuresAtTheDatasInputSize()
    {
        var result = SpaceSampler.Sample(
            DesignSpaceCatalog.Get("regnetx"), 5, new ComplexityConstraints { Flops = ComplexityWindow.Parse("10M:20M") }, seed: 0,
            retarget: s => s.Retarget(28, 1, 10, StemType.Small));

        Assert.All(result.Samples, s =>
        {
            Assert.Equal(new InputSpec { Size = 28, Channels = 1 }, s.Spec.Input);
            Assert.Equal(10, s.Spec.Head.Classes);
            Assert.Equal(StemType.Small, s.Spec.Stem.Type);
            Assert.InRange(s.Complexity.Flops, 10_000_000, 20_000_000);
            Assert.Equal(NetworkComplexity.Measure(s.Spec), s.Complexity);
        });
    }

    [Fact]
    public void ARetargetThatBreaksTheSpecCountsAsInvalid()
    {
        var ex = Assert.Throws<SamplingException>(() => SpaceSampler.Sample(
            DesignSpaceCatalog.Get("anynetx-a"), 1, null, seed: 0, retarget: s => s.Retarget(classes: 0), maxDraws: 100));
        Assert.Contains("100 invalid", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no valid model was drawn", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullConstraintsUseTheSpacesOwnWindows()
    {
        var space = DesignSpace.Create(DesignSpaceCatalog.Get("anynetx-c").Definition with
        {
            Constraints = new SpaceConstraintWindows { Flops = "360M:400M", Params = ":5M" },
        });

        var result = SpaceSampler.Sample(space, 5, null, seed: 1);
        Assert.All(result.Samples, s => Assert.InRange(s.Complexity.Flops, 360_000_000, 400_000_000));
        Assert.All(result.Samples, s => Assert.True(s.Complexity.Params <= 5_000_000));

        // Explicit constraints replace them.
        var free = SpaceSampler.Sample(space, 5, ComplexityConstraints.None, seed: 1);
        Assert.Equal(5, free.Draws);
    }

    [Fact]
    public void FastComplexityEqualsTheCounterForZooModelsAndRandomDraws()
    {
        foreach (var entry in ModelZoo.Entries)
        {
            var spec = entry.Build();
            Assert.Equal(NetworkComplexity.Measure(spec), SpaceSampler.Measure(spec));
            var small = spec.Retarget(32, 1, 10, StemType.Small);
            Assert.Equal(NetworkComplexity.Measure(small), SpaceSampler.Measure(small));
            var resnet = spec.Retarget(65, 3, 7, StemType.ResNet);
            Assert.Equal(NetworkComplexity.Measure(resnet), SpaceSampler.Measure(resnet));
        }

        var random = new Random(9);
        foreach (var space in DesignSpaceCatalog.BuiltIn)
        {
            for (int i = 0; i < 300; i++)
            {
                if (space.Draw(random) is { } spec)
                {
                    var target = spec.Retarget(random.Next(1, 300), random.Next(1, 4), random.Next(1, 1000), (StemType)random.Next(3));
                    Assert.Equal(NetworkComplexity.Measure(target), SpaceSampler.Measure(target));
                }
            }
        }
    }

    [Fact]
    public void FastValidityCheckNeverAcceptsWhatTheValidatorRejects()
    {
        var random = new Random(4);
        var specs = ModelZoo.Entries.Select(e => e.Build()).ToList();
        foreach (var space in DesignSpaceCatalog.BuiltIn)
        {
            for (int i = 0; i < 100; i++)
            {
                if (space.Draw(random) is { } spec)
                {
                    specs.Add(spec);
                }
            }
        }

        foreach (var spec in specs)
        {
            Assert.True(SpaceSampler.IsValid(spec), spec.Name);
            foreach (var broken in Break(spec, random))
            {
                if (SpaceSampler.IsValid(broken))
                {
                    SpecValidator.Validate(broken);
                }
                else
                {
                    Assert.Throws<SpecValidationException>(() => SpecValidator.Validate(broken));
                }
            }
        }
    }

    // One field at a time pushed to an edge or past it (some edits stay valid, e.g. a stride of 1).
    private static IEnumerable<NetworkSpec> Break(NetworkSpec spec, Random random)
    {
        yield return spec with { Input = spec.Input with { Size = 0 } };
        yield return spec with { Input = spec.Input with { Channels = -1 } };
        yield return spec with { Activation = (ActivationType)7 };
        yield return spec with { Stem = spec.Stem with { Type = (StemType)9 } };
        yield return spec with { Stem = spec.Stem with { Width = 0 } };
        yield return spec with { Stages = [] };
        yield return spec with { Head = spec.Head with { Classes = 0 } };
        yield return spec with { Head = spec.Head with { Width = -1 } };
        yield return spec with { Head = spec.Head with { Dropout = 1 } };
        yield return spec with { Head = spec.Head with { Dropout = double.NaN } };
        if (spec.RegNet is { } p)
        {
            yield return spec with { RegNet = p with { Wm = 1 } };
            yield return spec with { RegNet = p with { W0 = p.W0 + 4 } };
            yield return spec with { RegNet = p with { Bottleneck = 1.5 } };
            yield return spec with { RegNet = p with { SeRatio = 2 } };
            yield return spec with { RegNet = p with { Stride = 3 } };
        }

        int i = random.Next(spec.Stages.Count);
        StageSpec s = spec.Stages[i];
        StageSpec[] edits =
        [
            s with { Depth = 0 }, s with { Width = 0 }, s with { Stride = 3 }, s with { Stride = 1 }, s with { Kernel = 4 },
            s with { Kernel = 5 }, s with { SeRatio = -0.1 }, s with { SeRatio = 0.25 }, s with { SeRatio = 0 },
            s with { Bottleneck = 0 }, s with { Bottleneck = 0.5 }, s with { Bottleneck = double.NaN }, s with { GroupWidth = 0 },
            s with { GroupWidth = 3 }, s with { GroupWidth = s.GroupWidth * 2 }, s with { Expansion = 2 }, s with { Expansion = 0 },
            s with { Block = BlockType.X }, s with { Block = BlockType.Y }, s with { Block = BlockType.Basic },
            s with { Block = BlockType.Vanilla }, s with { Block = BlockType.MBConv }, s with { Block = (BlockType)12 },
        ];
        foreach (var edit in edits)
        {
            var stages = spec.Stages.ToArray();
            stages[i] = edit;
            yield return spec with { Stages = stages };
        }
    }
}
