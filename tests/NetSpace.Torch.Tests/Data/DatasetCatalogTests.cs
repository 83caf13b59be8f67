using NetSpace.Data;

namespace NetSpace.Tests.Data;

public class DatasetCatalogTests
{
    [Theory]
    [InlineData("fashion-mnist", DataSourceKind.FashionMnist, DataSource.DefaultFashionMnistDirectory, "fashion-mnist")]
    [InlineData("fashion-mnist:/d/f", DataSourceKind.FashionMnist, "/d/f", "fashion-mnist:/d/f")]
    [InlineData("mnist:/d/m", DataSourceKind.Mnist, "/d/m", "mnist:/d/m")]
    [InlineData("idx:rel/dir", DataSourceKind.Idx, "rel/dir", "idx:rel/dir")]
    [InlineData("CIFAR10:/d/c", DataSourceKind.Cifar10, "/d/c", "cifar10:/d/c")]
    [InlineData(" cifar100:/d/c ", DataSourceKind.Cifar100, "/d/c", "cifar100:/d/c")]
    [InlineData("folder:/d/pets", DataSourceKind.ImageFolder, "/d/pets", "folder:/d/pets:64")]
    [InlineData("folder:/d/pets:96", DataSourceKind.ImageFolder, "/d/pets", "folder:/d/pets:96")]
    [InlineData("folder:/d/a:b", DataSourceKind.ImageFolder, "/d/a:b", "folder:/d/a:b:64")]
    public void ParsesAcceptedForms(string arg, DataSourceKind kind, string directory, string canonical)
    {
        var source = DataSource.Parse(arg);

        Assert.Equal(kind, source.Kind);
        Assert.Equal(directory, source.Directory);
        Assert.Equal(canonical, source.ToString());
        Assert.Equal(source, DataSource.Parse(source.ToString()));
    }

    [Fact]
    public void FolderSizeIsParsed()
    {
        Assert.Equal(96, DataSource.Parse("folder:/d/pets:96").StorageSize);
        Assert.Equal(ImageFolderReader.DefaultStorageSize, DataSource.Parse("folder:/d/pets").StorageSize);
    }

    [Theory]
    [InlineData("imagenet:/data")]
    [InlineData("cifar")]
    [InlineData("")]
    public void UnknownKindListsAcceptedForms(string arg)
    {
        var e = Assert.Throws<InvalidDataSourceException>(() => DataSource.Parse(arg));

        foreach (string form in DataSource.AcceptedForms)
        {
            Assert.Contains(form, e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("mnist", "mnist:DIR")]
    [InlineData("cifar10:", "cifar10:DIR")]
    [InlineData("folder:", "folder:DIR[:SIZE]")]
    [InlineData("folder:/d:2", "SIZE 2")]
    [InlineData("folder:/d:99999", "SIZE 99999")]
    public void BadArgumentsSayWhatIsWrong(string arg, string expected)
    {
        var e = Assert.Throws<InvalidDataSourceException>(() => DataSource.Parse(arg));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
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
