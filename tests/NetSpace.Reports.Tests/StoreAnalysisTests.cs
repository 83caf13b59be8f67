using NetSpace.Reports;
using NetSpace.Sweeps;

namespace NetSpace.Tests;

public class StoreAnalysisTests
{
    [Fact]
    public void ASweepNamedTwiceOrUnknownIsRefusedBeforeAnyAnalysis()
    {
        string dir = Path.Combine(Path.GetTempPath(), "netspace-store-analysis-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var store = SqliteTrialStore.Open(Path.Combine(dir, "store.db"));
            var twice = Assert.Throws<ArgumentException>(() => StoreAnalysis.Analyze(store, ["a", "a"], new AnalysisOptions()));
            Assert.Contains("named twice", twice.Message, StringComparison.Ordinal);
            Assert.Throws<SweepNotFoundException>(() => StoreAnalysis.Analyze(store, ["missing"], new AnalysisOptions()));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
