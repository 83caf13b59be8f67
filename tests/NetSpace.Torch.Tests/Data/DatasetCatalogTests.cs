using NetSpace.Data;
using NetSpace.Torch.Data;

namespace NetSpace.Tests.Data;

public class DatasetCatalogTests
{
    [Fact]
    public void AMultiTaskSceneSetIsNotAClassificationDataSet()
    {
        var e = Assert.Throws<InvalidDataSourceException>(() => DatasetCatalog.Load("multitask:/d/scenes"));

        Assert.Contains("multitask:/d/scenes: a multi-task scene set", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingPackagedFashionMnistSaysHowToInstallIt()
    {
        using var tmp = new TempDirectory();
        string missing = tmp.Combine("fashion-mnist");
        var source = new DataSource { Kind = DataSourceKind.FashionMnist, Directory = missing, IsDefaultDirectory = true };

        var e = Assert.Throws<DatasetNotFoundException>(() => DatasetCatalog.Load(source));

        Assert.Contains("install it with: apt-get install dataset-fashion-mnist", e.Message, StringComparison.Ordinal);
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingGivenFolderIsNamed()
    {
        using var tmp = new TempDirectory();
        string missing = tmp.Combine("nowhere");

        var e1 = Assert.Throws<DatasetNotFoundException>(() => DatasetCatalog.Load($"mnist:{missing}"));
        var e2 = Assert.Throws<DatasetNotFoundException>(() => DatasetCatalog.Load($"cifar10:{missing}"));
        var e3 = Assert.Throws<DatasetNotFoundException>(() => DatasetCatalog.Load($"folder:{missing}"));

        Assert.All(new[] { e1, e2, e3 }, e => Assert.Contains(missing, e.Message, StringComparison.Ordinal));
        Assert.DoesNotContain("apt-get", e1.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadsIdxFolderWithTrainingStatisticsOnBothSplits()
    {
        using var tmp = new TempDirectory();
        DataTestFiles.WriteIdxFolder(tmp.Path, 20, 6, 5, 5, gzip: true, classes: 4);

        var (train, test) = DatasetCatalog.Load($"idx:{tmp.Path}");

        Assert.Equal(4, train.Classes);
        Assert.Equal(4, test.Classes);
        Assert.Equal(DataSourceKind.Idx, train.Kind);
        Assert.NotNull(train.Normalization);
        Assert.Equal(train.ComputeChannelStatistics(), train.Normalization);
        Assert.Same(train.Normalization, test.Normalization);
        Assert.Equal(DatasetClassNames.Mnist, DatasetCatalog.Load($"mnist:{tmp.Path}").Train.ClassNames);
    }
}
