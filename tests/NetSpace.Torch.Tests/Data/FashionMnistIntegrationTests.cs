using NetSpace.Data;
using NetSpace.Torch.Data;
using static TorchSharp.torch;

namespace NetSpace.Tests.Data;

/// <summary>Reads the real Fashion-MNIST installed by the Debian package dataset-fashion-mnist (CI installs it).</summary>
public class FashionMnistIntegrationTests
{
    [Fact]
    public void PackagedFashionMnistLoads()
    {
        var (train, test) = DatasetCatalog.Load("fashion-mnist");

        Assert.Equal(60000, train.Count);
        Assert.Equal(10000, test.Count);
        Assert.Equal((1, 28, 28), (train.Channels, train.Height, train.Width));
        Assert.Equal((1, 28, 28), (test.Channels, test.Height, test.Width));
        Assert.Equal(10, train.Classes);
        Assert.Equal(DatasetClassNames.FashionMnist, train.ClassNames);
        Assert.All(train.CountPerClass(), n => Assert.Equal(6000, n));
        Assert.All(test.CountPerClass(), n => Assert.Equal(1000, n));
        Assert.StartsWith(DataSource.DefaultFashionMnistDirectory, train.Source, StringComparison.Ordinal);

        // The well-known training statistics of Fashion-MNIST: mean 0.2860, std 0.3530.
        var stats = train.Normalization!;
        Assert.Equal(0.2860, stats.Mean[0], 3);
        Assert.Equal(0.3530, stats.Std[0], 3);

        var loader = new BatchLoader(train, BatchLoaderOptions.Recommended(train), seed: 0);
        Assert.Equal(469, loader.BatchesPerEpoch);
        using var batch = loader.TrainingBatch(0, 0);
        Assert.Equal([128L, 1, 28, 28], batch.Images.shape);
        Assert.Equal(ScalarType.Int64, batch.Labels.dtype);
    }
}
