using NetSpace.Data;
using NetSpace.Torch.Data;

namespace NetSpace.Tests.Data;

public class IdxReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FolderRoundTripsRawAndGzip(bool gzip)
    {
        using var tmp = new TempDirectory();
        var (trainPixels, trainLabels, testPixels, testLabels) = DataTestFiles.WriteIdxFolder(tmp.Path, 12, 5, 4, 3, gzip);

        var (train, test) = IdxReader.LoadDirectory(tmp.Path, DatasetClassNames.FashionMnist, DataSourceKind.FashionMnist);

        Assert.Equal(12, train.Count);
        Assert.Equal(5, test.Count);
        Assert.Equal((1, 4, 3), (train.Channels, train.Height, train.Width));
        Assert.Equal(10, train.Classes);
        Assert.Equal(DatasetClassNames.FashionMnist, train.ClassNames);
        Assert.Equal(trainPixels, train.Pixels.ToArray());
        Assert.Equal(testPixels, test.Pixels.ToArray());
        Assert.Equal(trainLabels.Select(b => (int)b), train.Labels.ToArray());
        Assert.Equal(testLabels.Select(b => (int)b), test.Labels.ToArray());
        Assert.EndsWith("train-images-idx3-ubyte" + (gzip ? ".gz" : string.Empty), train.Source, StringComparison.Ordinal);
        Assert.Equal(DataSourceKind.FashionMnist, test.Kind);
        Assert.Equal(trainPixels.AsSpan(12, 12).ToArray(), train.GetImage(1).ToArray());
    }

    [Fact]
    public void GzipIsDetectedByMagicBytesNotByName()
    {
        using var tmp = new TempDirectory();
        byte[] pixels = DataTestFiles.PatternPixels(3, 4);
        string images = tmp.Combine("images.idx");
        string labels = tmp.Combine("labels.idx");
        File.WriteAllBytes(images, DataTestFiles.Gzip(DataTestFiles.IdxImages(pixels, 3, 2, 2)));
        File.WriteAllBytes(labels, DataTestFiles.IdxLabels([0, 2, 1]));

        var set = IdxReader.Load(images, labels);

        Assert.Equal(pixels, set.Pixels.ToArray());
        Assert.Equal(3, set.Classes); // largest label + 1 without class names
        Assert.Null(set.ClassNames);
    }

    [Fact]
    public void WrongMagicNumberSaysExpectedAndFound()
    {
        using var tmp = new TempDirectory();
        string images = tmp.Combine("imgs");
        string labels = tmp.Combine("lbls");
        File.WriteAllBytes(images, DataTestFiles.IdxImages(new byte[4], 1, 2, 2, magic: IdxReader.LabelsMagic));
        File.WriteAllBytes(labels, DataTestFiles.IdxLabels([0]));

        var e = Assert.Throws<DataFormatException>(() => IdxReader.Load(images, labels));

        Assert.Equal(images, e.Path);
        Assert.Contains(images, e.Message, StringComparison.Ordinal);
        Assert.Contains("wrong magic number", e.Message, StringComparison.Ordinal);
        Assert.Contains("expected 0x00000803", e.Message, StringComparison.Ordinal);
        Assert.Contains("found 0x00000801", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedFileSaysExpectedAndFoundBytes()
    {
        using var tmp = new TempDirectory();
        string images = tmp.Combine("imgs");
        string labels = tmp.Combine("lbls");
        byte[] full = DataTestFiles.IdxImages(new byte[5 * 9], 5, 3, 3);
        File.WriteAllBytes(images, full[..^7]);
        File.WriteAllBytes(labels, DataTestFiles.IdxLabels([0, 1, 2, 3, 4]));

        var e = Assert.Throws<DataFormatException>(() => IdxReader.Load(images, labels));

        Assert.Contains(images, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains($"expected {full.Length} bytes", e.Message, StringComparison.Ordinal);
        Assert.Contains($"found {full.Length - 7}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedGzipContentNamesTheFile()
    {
        using var tmp = new TempDirectory();
        string images = tmp.Combine("train-images-idx3-ubyte.gz");
        string labels = tmp.Combine("lbls");
        byte[] full = DataTestFiles.IdxImages(DataTestFiles.PatternPixels(50, 64), 50, 8, 8);
        File.WriteAllBytes(labels, DataTestFiles.IdxLabels(new byte[50]));

        // Content truncated before compression: a whole gzip stream of too few bytes.
        File.WriteAllBytes(images, DataTestFiles.Gzip(full[..^100]));
        var e1 = Assert.Throws<DataFormatException>(() => IdxReader.Load(images, labels));
        Assert.Contains(images, e1.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e1.Message, StringComparison.Ordinal);
        Assert.Contains("after gunzip", e1.Message, StringComparison.Ordinal);

        // The compressed file itself cut short.
        byte[] gz = DataTestFiles.Gzip(full);
        File.WriteAllBytes(images, gz[..(gz.Length / 2)]);
        var e2 = Assert.Throws<DataFormatException>(() => IdxReader.Load(images, labels));
        Assert.Contains(images, e2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelCountMismatchNamesBothCounts()
    {
        using var tmp = new TempDirectory();
        string images = tmp.Combine("imgs");
        string labels = tmp.Combine("lbls");
        File.WriteAllBytes(images, DataTestFiles.IdxImages(new byte[5 * 4], 5, 2, 2));
        File.WriteAllBytes(labels, DataTestFiles.IdxLabels([0, 1, 2, 3]));

        var e = Assert.Throws<DataFormatException>(() => IdxReader.Load(images, labels));

        Assert.Contains(labels, e.Message, StringComparison.Ordinal);
        Assert.Contains("4 labels", e.Message, StringComparison.Ordinal);
        Assert.Contains("5 images", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelOutOfRangeIsReported()
    {
        using var tmp = new TempDirectory();
        string images = tmp.Combine("imgs");
        string labels = tmp.Combine("lbls");
        File.WriteAllBytes(images, DataTestFiles.IdxImages(new byte[3 * 4], 3, 2, 2));
        File.WriteAllBytes(labels, DataTestFiles.IdxLabels([0, 12, 1]));

        var e = Assert.Throws<DataFormatException>(() => IdxReader.Load(images, labels, DatasetClassNames.Mnist));

        Assert.Contains(labels, e.Message, StringComparison.Ordinal);
        Assert.Contains("label out of range", e.Message, StringComparison.Ordinal);
        Assert.Contains("label 12 of image 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        using var tmp = new TempDirectory();
        DataTestFiles.WriteIdxFolder(tmp.Path, 4, 2, 2, 2, gzip: false);
        File.Delete(tmp.Combine("t10k-labels-idx1-ubyte"));

        var e = Assert.Throws<DatasetNotFoundException>(() => IdxReader.LoadDirectory(tmp.Path));

        Assert.Contains(tmp.Path, e.Message, StringComparison.Ordinal);
        Assert.Contains("t10k-labels-idx1-ubyte", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("train-images", e.Message, StringComparison.Ordinal);
    }
}
