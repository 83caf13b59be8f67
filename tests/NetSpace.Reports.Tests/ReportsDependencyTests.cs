namespace NetSpace.Tests;

/// <summary>Analysis and reports run without libtorch (the dependency tree points towards Core).</summary>
public class ReportsDependencyTests
{
    [Fact]
    public void ReportsAndWhatTheyReferenceDoNotDependOnTorchSharp()
    {
        var reports = typeof(Reports.SweepAnalyzer).Assembly;
        var (seen, edges) = AssemblyReferences.Walk(reports);
        Assert.DoesNotContain(edges, e => e.To is "TorchSharp" or "NetSpace.Torch");
        Assert.Contains("NetSpace.Sweeps", seen);
        Assert.Contains("NetSpace.Core", seen);
        Assert.DoesNotContain("NetSpace.Torch", seen);
    }
}
