using NetSpace.Reports;

namespace NetSpace.Tests;

public class StalePlotsTests
{
    [Fact]
    public void Plots_of_an_earlier_analysis_that_this_one_did_not_write_are_removed()
    {
        string dir = Path.Combine(Path.GetTempPath(), "netspace-stale-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            foreach (string f in (string[])["edf.svg", "edf.png", "widths-3.svg", "widths-3.png", "notes.txt"])
            {
                File.WriteAllText(Path.Combine(dir, f), "x");
            }

            var removed = StalePlots.Remove(dir, ["edf", "curves-1"]);
            Assert.Equal(["edf.png", "edf.svg", "notes.txt"], Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal));
            Assert.Equal(2, removed.Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(1603062, "1.60M")]
    [InlineData(87200, "87.2K")]
    [InlineData(2.468, "2.468")]
    [InlineData(24, "24")]
    public void Table_numbers_are_short(double value, string expected) => Assert.Equal(expected, TableNumber.Format(value));
}
