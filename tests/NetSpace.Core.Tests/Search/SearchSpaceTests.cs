using NetSpace.Complexity;
using NetSpace.Search;
using NetSpace.Specs;
using Xunit;

namespace NetSpace.Core.Tests.Search;

public class SearchSpaceTests
{
    internal static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NetSpace.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, relative);
    }

    private static SearchSpace Space() => SearchSpaceFile.Read(RepoFile("docs/search/fbnet-mt-64.json"));

    [Fact]
    public void ShippedSpaceHasTheDecisionsAndSizeTheDesignAsksFor()
    {
        var space = Space();
        // 13 blocks (5 first blocks with 7 choices, 8 others with 8), 4 resolutions → 3 + 3 fusion edges.
        Assert.Equal(13 + 6, space.Decisions.Count);
        Assert.Equal(4, space.Levels);
        Assert.Equal(7, space.Decisions[0].Choices.Count);
        Assert.DoesNotContain("skip", space.Decisions[0].Choices);
        Assert.Equal(8, space.Decisions[1].Choices.Count);
        Assert.True(space.Count >= System.Numerics.BigInteger.Pow(10, 8));
        Assert.Equal(System.Numerics.BigInteger.Pow(7, 5) * System.Numerics.BigInteger.Pow(8, 8) * 64, space.Count);
    }

    [Fact]
    public void TableFlopsEqualTheDerivedSpecsMeasuredFlopsForEveryTask()
    {
        var space = Space();
        var random = new Random(5);
        for (int i = 0; i < 40; i++)
        {
            var arch = space.Sample(random);
            var spec = space.Derive(arch);
            foreach (var task in VisionTasks.All)
            {
                long measured = MultiTaskComplexity.Measure(spec, spec.DenseHeads!, [task]).Total.Flops;
                Assert.Equal(measured, space.Flops(arch, task));
            }
        }
    }

    [Fact]
    public void DerivedSpecsDropSkippedBlocksAndKeepResolutions()
    {
        var space = Space();
        var arch = new int[space.Decisions.Count];
        for (int d = 0; d < 13; d++)
        {
            arch[d] = space.Decisions[d].Choices[0] == "skip" ? 0 : space.Decisions[d].Choices.ToList().IndexOf("k5e6"); // skip every optional block
        }

        var spec = space.Derive(arch);
        Assert.Equal(5, spec.Stages.Count);
        Assert.All(spec.Stages, s => Assert.Equal((BlockType.MBConv, 5, 6.0), (s.Block, s.Kernel, s.Expansion)));
        Assert.Equal([2, 2, 2, 1, 2], spec.Stages.Select(s => s.Stride));
        Assert.Equal([true, false, false, false], spec.DenseHeads!.Fusion!.ToHigh);
        Assert.Equal([false, false, false, true], spec.DenseHeads.Fusion.ToLow);
        Assert.Equal(4, MultiTaskComplexity.FeatureLevels(spec).Count);
        SpecValidator.Validate(spec);
    }

    [Fact]
    public void ExpectedFlopsUnderAUniformPolicyIsTheMeanOverChoices()
    {
        var space = Space();
        var uniform = space.Decisions.Select(d => (IReadOnlyList<double>)Enumerable.Repeat(1.0 / d.Choices.Count, d.Choices.Count).ToArray()).ToArray();
        var (min, max) = space.FlopsRange(VisionTask.Detection);
        double expected = space.ExpectedFlops(uniform, VisionTask.Detection);
        Assert.InRange(expected, min, max);
        var random = new Random(1);
        double mean = Enumerable.Range(0, 4000).Average(_ => (double)space.Flops(space.Sample(random), VisionTask.Detection));
        Assert.Equal(expected, mean, expected * 0.02);
    }

    [Theory]
    [InlineData("""{"stages": [{"width": 8, "blocks": 1}], "choices": ["k4e3"]}""", "choices")]
    [InlineData("""{"stages": [{"width": 8, "blocks": 1}], "choices": ["skip"]}""", "stages[0].choices")]
    [InlineData("""{"stages": [{"width": 0, "blocks": 1}]}""", "stages[0]")]
    [InlineData("""{"stages": []}""", "stages")]
    public void BadSpacesNameTheField(string json, string field)
    {
        var ex = Assert.Throws<SpecValidationException>(() => SearchSpaceFile.Parse(json, "x.json"));
        Assert.Equal(field, ex.Field);
        Assert.StartsWith("x.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFieldIsAFormatError() =>
        Assert.Contains("x.json", Assert.Throws<NetSpace.Serialization.SpecFormatException>(() => SearchSpaceFile.Parse("""{"stagez": []}""", "x.json")).Message, StringComparison.Ordinal);
}
