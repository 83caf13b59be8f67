using NetSpace.Specs;
using NetSpace.Zoo;

namespace NetSpace.Tests;

public class ModelZooTests
{
    [Fact]
    public void RegistryHasEveryFamily()
    {
        Assert.Equal(12, ModelZoo.List("regnetx-*").Count);
        Assert.Equal(12, ModelZoo.List("regnety-*").Count);
        Assert.Equal(6, ModelZoo.List("efficientnet-*").Count);
        Assert.Single(ModelZoo.List("resnet-50"));
        Assert.Equal(15, ModelZoo.List("tv-regnet_*").Count);
        Assert.Equal(46, ModelZoo.Entries.Count);
        Assert.Equal(ModelZoo.Entries.Count, ModelZoo.Entries.Select(e => e.Name).Distinct().Count());
    }

    [Fact]
    public void WildcardsAreCaseInsensitiveAndAnchored()
    {
        Assert.Equal(["regnetx-1.6gf", "regnety-1.6gf"], ModelZoo.List("REGNET?-1.6*").Select(e => e.Name));
        Assert.Empty(ModelZoo.List("regnet"));
        Assert.Equal(ModelZoo.Entries.Count, ModelZoo.List(null).Count);
    }

    [Fact]
    public void UnknownNameSuggestsCloseMatches()
    {
        var ex = Assert.Throws<UnknownModelException>(() => ModelZoo.Get("regnetx-400"));
        Assert.Contains("regnetx-400mf", ex.Suggestions);
        Assert.Contains("did you mean", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryZooSpecIsValid()
    {
        foreach (var entry in ModelZoo.Entries)
        {
            var spec = entry.Build();
            SpecValidator.Validate(spec);
            Assert.Equal(entry.Name, spec.Name);
        }
    }

    [Fact]
    public void EfficientNetB0FollowsPaperLayout()
    {
        var spec = ModelZoo.Get("efficientnet-b0");
        Assert.Equal(ActivationType.Silu, spec.Activation);
        Assert.Equal(1280, spec.Head.Width);
        Assert.Equal([1, 2, 2, 3, 3, 4, 1], spec.Stages.Select(s => s.Depth));
        Assert.Equal([3, 3, 5, 3, 5, 5, 3], spec.Stages.Select(s => s.Kernel));
        var first = BlockGeometry.Enumerate(spec).First().Geometry;
        Assert.False(first.HasExpansion); // expansion 1: no 1×1 expansion conv
        Assert.Equal(8, first.SeWidth);   // int(32 · 0.25)
        Assert.False(first.HasSkip);      // 32 → 16 channels
    }
}
