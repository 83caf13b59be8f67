using NetSpace.Data;

namespace NetSpace.Tests.Data;

/// <summary>The one data-source grammar (<see cref="DataSource"/>): parsing, canonical form, errors.</summary>
public class DataSourceTests
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
    [InlineData("multitask:/d/scenes", DataSourceKind.MultiTask, "/d/scenes", "multitask:/d/scenes")]
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
        Assert.Equal(DataSource.DefaultFolderStorageSize, DataSource.Parse("folder:/d/pets").StorageSize);
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
    [InlineData("multitask:", "multitask:DIR")]
    [InlineData("folder:/d:2", "SIZE 2")]
    [InlineData("folder:/d:99999", "SIZE 99999")]
    public void BadArgumentsSayWhatIsWrong(string arg, string expected)
    {
        var e = Assert.Throws<InvalidDataSourceException>(() => DataSource.Parse(arg));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("multitask:/d/s", true)]
    [InlineData("MultiTask:/d/s", true)]
    [InlineData("fashion-mnist", false)]
    [InlineData("multitask", false)]
    [InlineData("imagenet:/d", false)]
    public void OnlyMultiTaskArgumentsAreMultiTask(string arg, bool expected) =>
        Assert.Equal(expected, DataSource.IsMultiTaskArgument(arg));
}
