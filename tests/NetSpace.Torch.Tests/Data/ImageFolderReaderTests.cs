using NetSpace.Data;
using NetSpace.Torch.Data;
using SkiaSharp;

namespace NetSpace.Tests.Data;

public class ImageFolderReaderTests
{
    private static void WriteSmallFolder(TempDirectory tmp)
    {
        // train: cat (solid red PNG, non-square PNG), dog (grayscale PNG); val: cat (JPEG), dog (solid blue PNG).
        DataTestFiles.WriteImage(tmp.Combine("train", "cat", "a.png"), 20, 20, (_, _) => (200, 10, 30));

        // 40×20: red | green (the central 20×20 square) | blue.
        DataTestFiles.WriteImage(tmp.Combine("train", "cat", "b.png"), 40, 20, (x, _) => x < 10 ? ((byte)255, (byte)0, (byte)0) : x < 30 ? ((byte)0, (byte)255, (byte)0) : ((byte)0, (byte)0, (byte)255));
        DataTestFiles.WriteGrayPng(tmp.Combine("train", "dog", "c.png"), 12, 30, 77);
        File.WriteAllText(tmp.Combine("train", "dog", "notes.txt"), "not an image, ignored");
        DataTestFiles.WriteImage(tmp.Combine("val", "cat", "d.jpg"), 16, 16, (_, _) => (100, 150, 200), SKEncodedImageFormat.Jpeg);
        DataTestFiles.WriteImage(tmp.Combine("val", "dog", "e.png"), 8, 8, (_, _) => (0, 0, 250));
    }

    [Fact]
    public void ReadsClassesSortedAndStoresSquareRgb()
    {
        using var tmp = new TempDirectory();
        WriteSmallFolder(tmp);

        var (train, test) = ImageFolderReader.Load(tmp.Path, storageSize: 16);

        Assert.Equal(["cat", "dog"], train.ClassNames);
        Assert.Equal(3, train.Count);
        Assert.Equal(2, test.Count);
        Assert.Equal((3, 16, 16), (train.Channels, train.Height, train.Width));
        Assert.Equal([0, 0, 1], train.Labels.ToArray());
        Assert.Equal([0, 1], test.Labels.ToArray());
        Assert.Equal(DataSourceKind.ImageFolder, train.Kind);
        Assert.EndsWith("train", train.Source, StringComparison.Ordinal);

        AssertSolid(train.GetImage(0), 16, 200, 10, 30, tolerance: 0);
        AssertSolid(train.GetImage(1), 16, 0, 255, 0, tolerance: 2); // central square of the 40×20 image
        AssertSolid(train.GetImage(2), 16, 77, 77, 77, tolerance: 0); // grayscale expanded to 3 channels
        AssertSolid(test.GetImage(0), 16, 100, 150, 200, tolerance: 6); // JPEG is lossy
        AssertSolid(test.GetImage(1), 16, 0, 0, 250, tolerance: 0); // 8×8 upscaled
    }

    [Fact]
    public void CorruptImageIsNamed()
    {
        using var tmp = new TempDirectory();
        WriteSmallFolder(tmp);
        string bad = tmp.Combine("train", "dog", "broken.png");
        File.WriteAllBytes(bad, "this is not a PNG file"u8.ToArray());

        var e = Assert.Throws<DataFormatException>(() => ImageFolderReader.Load(tmp.Path, 16));

        Assert.Equal(bad, e.Path);
        Assert.Contains(bad, e.Message, StringComparison.Ordinal);
        Assert.Contains("unreadable image", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedImageIsNamed()
    {
        using var tmp = new TempDirectory();
        WriteSmallFolder(tmp);
        string cut = tmp.Combine("val", "cat", "cut.png");
        DataTestFiles.WriteImage(cut, 64, 64, (x, y) => ((byte)(x * 4), (byte)(y * 4), (byte)(x ^ y)));
        byte[] bytes = File.ReadAllBytes(cut);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<DataFormatException>(() => ImageFolderReader.Load(tmp.Path, 16));

        Assert.Contains(cut, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownValidationClassIsAnError()
    {
        using var tmp = new TempDirectory();
        WriteSmallFolder(tmp);
        DataTestFiles.WriteImage(tmp.Combine("val", "bird", "f.png"), 8, 8, (_, _) => (1, 2, 3));

        var e = Assert.Throws<DataFormatException>(() => ImageFolderReader.Load(tmp.Path, 16));

        Assert.Contains("'bird'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TestFolderIsUsedWithoutVal()
    {
        using var tmp = new TempDirectory();
        WriteSmallFolder(tmp);
        Directory.Move(tmp.Combine("val"), tmp.Combine("test"));

        var (_, test) = ImageFolderReader.Load(tmp.Path, 8);

        Assert.Equal(2, test.Count);
        Assert.EndsWith("test", test.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingEvaluationFolderIsReported()
    {
        using var tmp = new TempDirectory();
        DataTestFiles.WriteImage(tmp.Combine("train", "a", "x.png"), 8, 8, (_, _) => (1, 2, 3));

        var e = Assert.Throws<DatasetNotFoundException>(() => ImageFolderReader.Load(tmp.Path, 8));

        Assert.Contains("val/ or test/", e.Message, StringComparison.Ordinal);
        Assert.Contains(tmp.Path, e.Message, StringComparison.Ordinal);
    }

    private static void AssertSolid(ReadOnlySpan<byte> chw, int size, byte r, byte g, byte b, int tolerance)
    {
        int plane = size * size;
        byte[] expected = [r, g, b];
        for (int c = 0; c < 3; c++)
        {
            for (int p = 0; p < plane; p++)
            {
                int value = chw[(c * plane) + p];
                Assert.True(Math.Abs(value - expected[c]) <= tolerance, $"channel {c} pixel {p}: {value}, expected {expected[c]} ± {tolerance}");
            }
        }
    }
}
