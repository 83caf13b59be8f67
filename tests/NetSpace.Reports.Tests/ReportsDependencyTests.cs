namespace NetSpace.Tests;

/// <summary>Analysis and reports run without libtorch (the dependency tree points towards Core).</summary>
public class ReportsDependencyTests
{
    [Fact]
    public void ReportsAndWhatTheyReferenceDoNotDependOnTorchSharp()
    {
        var reports = typeof(Reports.SweepAnalyzer).Assembly;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<System.Reflection.AssemblyName>(reports.GetReferencedAssemblies());
        while (pending.TryPop(out var name))
        {
            if (!name.Name!.StartsWith("NetSpace", StringComparison.Ordinal) || !seen.Add(name.Name))
            {
                continue;
            }

            foreach (var reference in System.Reflection.Assembly.Load(name).GetReferencedAssemblies())
            {
                Assert.False(reference.Name is "TorchSharp" or "NetSpace.Torch", $"{name.Name} references {reference.Name}");
                pending.Push(reference);
            }
        }

        Assert.Contains("NetSpace.Sweeps", seen);
        Assert.Contains("NetSpace.Core", seen);
        Assert.DoesNotContain("NetSpace.Torch", seen);
        Assert.DoesNotContain(reports.GetReferencedAssemblies(), a => a.Name is "TorchSharp" or "NetSpace.Torch");
    }
}
