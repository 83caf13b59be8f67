using NetSpace.Data;
using NetSpace.Torch.Data;

namespace NetSpace.Tests.Data;

public class ClassCoverageTests
{
    /// <summary>An IDX folder whose labels are {0…9, 42}: 10 real classes and one stray id.</summary>
    private static void WriteGappedFolder(string dir)
    {
        DataTestFiles.WriteIdxFolder(dir, 22, 11, 4, 4, gzip: false, classes: 10);
        byte[] train = Enumerable.Range(0, 22).Select(i => (byte)(i == 21 ? 42 : i % 10)).ToArray();
        byte[] test = Enumerable.Range(0, 11).Select(i => (byte)(i % 10)).ToArray();
        File.WriteAllBytes(Path.Combine(dir, "train-labels-idx1-ubyte"), DataTestFiles.IdxLabels(train));
        File.WriteAllBytes(Path.Combine(dir, "t10k-labels-idx1-ubyte"), DataTestFiles.IdxLabels(test));
    }

    [Fact]
    public void LabelsWithAGapAreRefusedNamingTheEmptyClassIds()
    {
        using var tmp = new TempDirectory();
        WriteGappedFolder(tmp.Path);
        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load($"idx:{tmp.Path}"));
        Assert.Contains("(0–9, 42) imply 43 classes", e.Message, StringComparison.Ordinal);
        Assert.Contains("class ids 10–41 have no training examples", e.Message, StringComparison.Ordinal);
        Assert.Contains($"idx:{tmp.Path}:43", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeclaringTheClassCountAllowsEmptyClasses()
    {
        using var tmp = new TempDirectory();
        WriteGappedFolder(tmp.Path);
        var (train, test) = DatasetCatalog.Load($"idx:{tmp.Path}:43");
        Assert.Equal(43, train.Classes);
        Assert.Equal(43, test.Classes);
        Assert.Equal($"idx:{tmp.Path}:43", DataSource.Parse($"idx:{tmp.Path}:43").ToString());
        // A declared count below the largest label is a format error naming the label.
        var e = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load($"idx:{tmp.Path}:40"));
        Assert.Contains("label 42", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConsecutiveLabelsLoadAsBefore()
    {
        using var tmp = new TempDirectory();
        DataTestFiles.WriteIdxFolder(tmp.Path, 20, 6, 4, 4, gzip: false, classes: 4);
        Assert.Equal(4, DatasetCatalog.Load($"idx:{tmp.Path}").Train.Classes);
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 }, "0–3")]
    [InlineData(new[] { 0, 1, 5, 7, 8 }, "0, 1, 5, 7, 8")]
    [InlineData(new[] { 0, 1, 2, 42 }, "0–2, 42")]
    [InlineData(new int[0], "")]
    public void RangesAreCompact(int[] ids, string expected) =>
        Assert.Equal(expected, ClassCoverage.Ranges(ids)); // two neighbours are listed, three or more become a range
}
