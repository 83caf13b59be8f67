using NetSpace.Data;
using NetSpace.Torch.Data;

namespace NetSpace.Tests.Data;

public class CifarReaderTests
{
    [Fact]
    public void Cifar10FolderConcatenatesTheFiveBatches()
    {
        using var tmp = new TempDirectory();
        for (int b = 1; b <= 5; b++)
        {
            File.WriteAllBytes(tmp.Combine($"data_batch_{b}.bin"), DataTestFiles.CifarRecords([[(byte)b], [(byte)(b + 4)]]));
        }

        File.WriteAllBytes(tmp.Combine("test_batch.bin"), DataTestFiles.CifarRecords([[9], [0], [3]]));

        var (train, test) = CifarReader.LoadCifar10(tmp.Path);

        Assert.Equal(10, train.Count);
        Assert.Equal(3, test.Count);
        Assert.Equal((3, 32, 32), (train.Channels, train.Height, train.Width));
        Assert.Equal(10, train.Classes);
        Assert.Equal("airplane", train.ClassNames![0]);
        Assert.Equal([1, 5, 2, 6, 3, 7, 4, 8, 5, 9], train.Labels.ToArray());
        Assert.Equal([9, 0, 3], test.Labels.ToArray());

        // Record r of a file has pixel bytes (r + p) mod 256, already in C×H×W order.
        var second = train.GetImage(1);
        Assert.Equal(1, second[0]);
        Assert.Equal((byte)((1 + 1024) % 256), second[1024]); // first green pixel
        Assert.Equal((byte)((1 + 3071) % 256), second[3071]);
        Assert.Equal(DataSourceKind.Cifar10, train.Kind);
    }

    [Fact]
    public void Cifar100UsesFineLabels()
    {
        using var tmp = new TempDirectory();
        string dir = tmp.Combine(CifarReader.Cifar100ArchiveFolder); // files inside the archive's own folder are found too
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "train.bin"), DataTestFiles.CifarRecords([[3, 42], [19, 99], [0, 0]]));
        File.WriteAllBytes(Path.Combine(dir, "test.bin"), DataTestFiles.CifarRecords([[7, 7]]));

        var (train, test) = CifarReader.LoadCifar100(tmp.Path);

        Assert.Equal(100, train.Classes);
        Assert.Equal([42, 99, 0], train.Labels.ToArray());
        Assert.Equal([7], test.Labels.ToArray());
        Assert.Equal("worm", train.ClassNames![99]);
        Assert.Equal(2, train.GetImage(2)[0]);
    }

    [Fact]
    public void TruncatedFileSaysExpectedAndFoundBytes()
    {
        using var tmp = new TempDirectory();
        string path = tmp.Combine("test_batch.bin");
        byte[] records = DataTestFiles.CifarRecords([[1], [2], [3]]);
        File.WriteAllBytes(path, records[..^10]);

        var e = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10([path]));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains("3073-byte", e.Message, StringComparison.Ordinal);
        Assert.Contains($"expected {3 * 3073} bytes", e.Message, StringComparison.Ordinal);
        Assert.Contains($"found {(3 * 3073) - 10} bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedCifar100FileIsRejected()
    {
        using var tmp = new TempDirectory();
        string path = tmp.Combine("train.bin");
        File.WriteAllBytes(path, DataTestFiles.CifarRecords([[1, 2], [3, 4]])[..3075]);

        var e = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar100([path]));

        Assert.Contains("3074-byte", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelOutOfRangeNamesRecord()
    {
        using var tmp = new TempDirectory();
        string path = tmp.Combine("data.bin");
        File.WriteAllBytes(path, DataTestFiles.CifarRecords([[1], [10]]));

        var e = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10([path]));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("label out of range", e.Message, StringComparison.Ordinal);
        Assert.Contains("label 10 of record 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingBatchFileIsNamed()
    {
        using var tmp = new TempDirectory();
        for (int b = 1; b <= 4; b++)
        {
            File.WriteAllBytes(tmp.Combine($"data_batch_{b}.bin"), DataTestFiles.CifarRecords([[1]]));
        }

        var e = Assert.Throws<DatasetNotFoundException>(() => CifarReader.LoadCifar10(tmp.Path));

        Assert.Contains("data_batch_5.bin", e.Message, StringComparison.Ordinal);
        Assert.Contains("test_batch.bin", e.Message, StringComparison.Ordinal);
        Assert.Contains(tmp.Path, e.Message, StringComparison.Ordinal);
    }
}
