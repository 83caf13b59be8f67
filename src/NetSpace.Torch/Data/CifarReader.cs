using NetSpace.Data;
using NetSpace.Torch.Data;
namespace NetSpace.Torch.Data;

/// <summary>
/// Reads the binary versions of CIFAR-10 and CIFAR-100. A CIFAR-10 file is a run of 3073-byte
/// records (1 label byte, then 3072 pixel bytes: the 32×32 red plane, then green, then blue, rows
/// top to bottom); a CIFAR-100 record has 2 label bytes (coarse, then fine) and the same pixels.
/// CIFAR-100 data sets use the fine labels (100 classes). Pixels are already C×H×W, so records are
/// copied as they are. Files may also be gzip-compressed (recognised by their magic bytes).
/// </summary>
public static class CifarReader
{
    /// <summary>Side of a CIFAR image in pixels.</summary>
    public const int ImageSide = 32;

    /// <summary>Pixel bytes per record: 3 × 32 × 32.</summary>
    public const int ImageBytes = 3 * ImageSide * ImageSide;

    /// <summary>CIFAR-10 training files, in the order their records are concatenated.</summary>
    public static IReadOnlyList<string> Cifar10TrainFiles { get; } =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    /// <summary>CIFAR-10 test file.</summary>
    public const string Cifar10TestFile = "test_batch.bin";

    /// <summary>CIFAR-100 training file.</summary>
    public const string Cifar100TrainFile = "train.bin";

    /// <summary>CIFAR-100 test file.</summary>
    public const string Cifar100TestFile = "test.bin";

    /// <summary>Folder name the official CIFAR-10 archive extracts to; looked into when the files are not directly in the given folder.</summary>
    public const string Cifar10ArchiveFolder = "cifar-10-batches-bin";

    /// <summary>Folder name the official CIFAR-100 archive extracts to; looked into when the files are not directly in the given folder.</summary>
    public const string Cifar100ArchiveFolder = "cifar-100-binary";

    /// <summary>
    /// Loads CIFAR-10 from a folder holding data_batch_1..5.bin and test_batch.bin (or from its
    /// <c>cifar-10-batches-bin</c> sub-folder).
    /// </summary>
    /// <exception cref="DatasetNotFoundException">The folder or a file is missing.</exception>
    /// <exception cref="DataFormatException">A file is truncated or has a label out of range.</exception>
    public static DatasetPair LoadCifar10(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string dir = Locate(directory, Cifar10ArchiveFolder, [.. Cifar10TrainFiles, Cifar10TestFile], "CIFAR-10");
        var train = ReadCifar10(Cifar10TrainFiles.Select(f => Path.Combine(dir, f)).ToArray());
        var test = ReadCifar10([Path.Combine(dir, Cifar10TestFile)]);
        return new DatasetPair(train, test);
    }

    /// <summary>
    /// Loads CIFAR-100 (fine labels) from a folder holding train.bin and test.bin (or from its
    /// <c>cifar-100-binary</c> sub-folder).
    /// </summary>
    /// <exception cref="DatasetNotFoundException">The folder or a file is missing.</exception>
    /// <exception cref="DataFormatException">A file is truncated or has a label out of range.</exception>
    public static DatasetPair LoadCifar100(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string dir = Locate(directory, Cifar100ArchiveFolder, [Cifar100TrainFile, Cifar100TestFile], "CIFAR-100");
        var train = ReadCifar100([Path.Combine(dir, Cifar100TrainFile)]);
        var test = ReadCifar100([Path.Combine(dir, Cifar100TestFile)]);
        return new DatasetPair(train, test);
    }

    /// <summary>Reads CIFAR-10 batch files and concatenates their records in the given order.</summary>
    /// <exception cref="DataFormatException">A file is empty, not a whole number of records, or has a label ≥ 10.</exception>
    public static ImageDataset ReadCifar10(IReadOnlyList<string> paths) =>
        Read(paths, labelBytes: 1, [10], DatasetClassNames.Cifar10, DataSourceKind.Cifar10);

    /// <summary>Reads CIFAR-100 files (coarse label checked &lt; 20, fine label &lt; 100 kept) and concatenates their records.</summary>
    /// <exception cref="DataFormatException">A file is empty, not a whole number of records, or has a label out of range.</exception>
    public static ImageDataset ReadCifar100(IReadOnlyList<string> paths) =>
        Read(paths, labelBytes: 2, [20, 100], DatasetClassNames.Cifar100, DataSourceKind.Cifar100);

    private static ImageDataset Read(IReadOnlyList<string> paths, int labelBytes, int[] labelLimits, IReadOnlyList<string> classNames, DataSourceKind kind)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new ArgumentException("no files given", nameof(paths));
        }

        string format = kind == DataSourceKind.Cifar10 ? "CIFAR-10" : "CIFAR-100";
        int record = labelBytes + ImageBytes;
        var files = new List<byte[]>(paths.Count);
        long total = 0;
        foreach (string path in paths)
        {
            byte[] data = DataFile.ReadAllBytes(path, out bool gzipped);
            string note = DataFile.Note(gzipped);
            long whole = data.LongLength / record;
            long rest = data.LongLength % record;
            if (data.LongLength == 0)
            {
                throw new DataFormatException(path, $"empty file: expected {format} records of {record} bytes");
            }

            if (rest != 0)
            {
                throw new DataFormatException(
                    path,
                    $"truncated: expected {(whole + 1) * record} bytes for {whole + 1} records (a whole number of {record}-byte {format} records), found {data.LongLength} bytes{note} ({whole} records and {rest} bytes)");
            }

            for (long r = 0; r < whole; r++)
            {
                for (int k = 0; k < labelBytes; k++)
                {
                    int label = data[(r * record) + k];
                    if (label >= labelLimits[k])
                    {
                        string which = labelBytes == 1 ? "label" : (k == 0 ? "coarse label" : "fine label");
                        throw new DataFormatException(path, $"label out of range: {which} {label} of record {r} (byte {(r * record) + k}{note}) is not below {labelLimits[k]}");
                    }
                }
            }

            total += whole;
            files.Add(data);
        }

        if (total * ImageBytes > Array.MaxLength)
        {
            throw new DataFormatException(paths[0], $"{total} images do not fit in one in-memory array");
        }

        var pixels = new byte[total * ImageBytes];
        var labels = new int[total];
        int n = 0;
        foreach (byte[] data in files)
        {
            for (int offset = 0; offset < data.Length; offset += record, n++)
            {
                labels[n] = data[offset + labelBytes - 1]; // the fine label is the last label byte
                Buffer.BlockCopy(data, offset + labelBytes, pixels, n * ImageBytes, ImageBytes);
            }
        }

        string source = paths.Count == 1 ? Path.GetFullPath(paths[0]) : string.Join(", ", paths.Select(Path.GetFullPath));
        return new ImageDataset(pixels, labels, 3, ImageSide, ImageSide, classNames.Count, classNames, source, kind);
    }

    private static string Locate(string directory, string archiveFolder, string[] files, string format)
    {
        foreach (string dir in new[] { directory, Path.Combine(directory, archiveFolder) })
        {
            if (files.All(f => File.Exists(Path.Combine(dir, f))))
            {
                return dir;
            }
        }

        if (!Directory.Exists(directory))
        {
            throw new DatasetNotFoundException($"{directory}: folder not found (expected the {format} binary files {string.Join(", ", files)})");
        }

        string[] missing = files.Where(f => !File.Exists(Path.Combine(directory, f))).ToArray();
        throw new DatasetNotFoundException(
            $"{directory}: missing {format} binary file(s) {string.Join(", ", missing)} (looked there and in {archiveFolder}/)");
    }
}
