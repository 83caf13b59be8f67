using NetSpace.Search;

namespace NetSpace.Core.Tests.Search;

public class ArchitectureTextTests
{
    private static SearchSpace Space() => SearchSpaceFile.Read(SearchSpaceTests.RepoFile("docs/search/fbnet-mt-64.json"));

    [Fact]
    public void PositionalLabelsRoundTripThroughFormat()
    {
        var space = Space();
        var arch = space.Sample(new Random(3));
        Assert.Equal(arch, ArchitectureText.Parse(space, ArchitectureText.Format(space, arch)));
    }

    [Fact]
    public void AssignmentsFillGroupsAndLaterOnesOverride()
    {
        var space = Space();
        var arch = ArchitectureText.Parse(space, "blocks=k3e6 fusion=keep s1.b0=k3e1, s5.b2=skip");
        var labels = ArchitectureText.Format(space, arch).Split(' ');
        Assert.Equal("k3e1", labels[0]);
        Assert.Equal("skip", labels[12]);
        Assert.All(labels[1..12], l => Assert.Equal("k3e6", l));
        Assert.All(labels[13..], l => Assert.Equal("keep", l));

        // Every stage's first block at once.
        var first = ArchitectureText.Format(space, ArchitectureText.Parse(space, "blocks=k5e6 first=k3e3 fusion=skip")).Split(' ');
        Assert.Equal(space.Decisions.Select(d => d.Kind == DecisionKind.Block ? (d.Block == 0 ? "k3e3" : "k5e6") : "skip"), first);
    }

    [Theory]
    [InlineData("blocks=k3e6", "no choice for fuse.high.l1")]
    [InlineData("blocks=k3e6 fusion=keep s1.b0=skip", "s1.b0: 'skip' is not a choice")]
    [InlineData("blocks=k3e6 fusion=keep s9.b0=k3e1", "'s9.b0' is not a decision")]
    [InlineData("k3e6 k3e6", "2 labels for 19 decisions")]
    [InlineData("blocks=k3e6 k3e1", "'k3e1' is not NAME=LABEL")]
    public void BadTextIsNamed(string text, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => ArchitectureText.Parse(Space(), text)).Message, StringComparison.Ordinal);
}
