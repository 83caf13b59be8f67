using NetSpace.Data;
using NetSpace.Torch.Data;
using System.Buffers.Binary;

namespace NetSpace.Torch.Data;

/// <summary>
/// Reads the IDX files of MNIST and Fashion-MNIST (LeCun's format: a big-endian header with a
/// magic number and the dimensions, then unsigned bytes), raw or gzip-compressed — gzip is
/// recognised by its magic bytes 1f 8b, not by the file name.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an unsigned-byte IDX file with 3 dimensions (images × rows × columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of an unsigned-byte IDX file with 1 dimension (labels).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Base names of the four files of a folder: train images, train labels, test images, test labels.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>
    /// Loads the train and test parts of a folder holding the four files of <see cref="FileNames"/>,
    /// each either raw or with a <c>.gz</c> suffix (raw is preferred when both exist).
    /// </summary>
    /// <param name="directory">The folder.</param>
    /// <param name="classNames">Class names in label order; their count is the class count. Null: the largest label + 1 of both parts.</param>
    /// <param name="kind">The kind recorded on the data sets.</param>
    /// <exception cref="DatasetNotFoundException">The folder or one of the files is missing.</exception>
    /// <exception cref="DataFormatException">A file is not valid IDX data or the files do not agree.</exception>
    public static DatasetPair LoadDirectory(string directory, IReadOnlyList<string>? classNames = null, DataSourceKind kind = DataSourceKind.Idx)
    {
        ArgumentNullException.ThrowIfNull(directory);
        IReadOnlyList<string> missing = FindMissingFiles(directory);
        if (missing.Count > 0)
        {
            throw new DatasetNotFoundException(
                Directory.Exists(directory)
                    ? $"{directory}: missing IDX file(s) {string.Join(", ", missing.Select(m => m + "[.gz]"))}"
                    : $"{directory}: folder not found (expected the IDX files {string.Join(", ", FileNames.Select(m => m + "[.gz]"))})");
        }

        string trainImages = FindFile(directory, FileNames[0])!;
        string trainLabels = FindFile(directory, FileNames[1])!;
        string testImages = FindFile(directory, FileNames[2])!;
        string testLabels = FindFile(directory, FileNames[3])!;

        // Read both parts before building either, so that without class names both get the same count.
        var train = ReadPair(trainImages, trainLabels);
        var test = ReadPair(testImages, testLabels);
        int classCount = classNames?.Count ?? Math.Max(MaxLabel(train.Labels), MaxLabel(test.Labels)) + 1;
        return new DatasetPair(
            Build(train, trainImages, trainLabels, classCount, classNames, kind),
            Build(test, testImages, testLabels, classCount, classNames, kind));
    }

    /// <summary>
    /// Loads one image file and its label file.
    /// </summary>
    /// <param name="imagesPath">IDX images (magic 0x00000803), raw or gzip.</param>
    /// <param name="labelsPath">IDX labels (magic 0x00000801), raw or gzip.</param>
    /// <param name="classNames">Class names in label order; their count is the class count. Null: the largest label + 1.</param>
    /// <param name="kind">The kind recorded on the data set.</param>
    /// <exception cref="DataFormatException">A file is not valid IDX data, the counts differ or a label is out of range.</exception>
    public static ImageDataset Load(string imagesPath, string labelsPath, IReadOnlyList<string>? classNames = null, DataSourceKind kind = DataSourceKind.Idx)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        ArgumentNullException.ThrowIfNull(labelsPath);
        var pair = ReadPair(imagesPath, labelsPath);
        return Build(pair, imagesPath, labelsPath, classNames?.Count ?? MaxLabel(pair.Labels) + 1, classNames, kind);
    }

    /// <summary>The base names of <see cref="FileNames"/> that <paramref name="directory"/> has neither raw nor as <c>.gz</c>.</summary>
    public static IReadOnlyList<string> FindMissingFiles(string directory) =>
        FileNames.Where(name => FindFile(directory, name) is null).ToArray();

    /// <summary>The path of <paramref name="baseName"/> in <paramref name="directory"/>, raw or with <c>.gz</c>; null if neither exists.</summary>
    public static string? FindFile(string directory, string baseName)
    {
        string raw = Path.Combine(directory, baseName);
        if (File.Exists(raw))
        {
            return raw;
        }

        string gz = raw + ".gz";
        return File.Exists(gz) ? gz : null;
    }

    /// <summary>Reads an IDX image file: the pixels (N×rows×columns bytes) and the dimensions.</summary>
    /// <exception cref="DataFormatException">Wrong magic number, or the size does not match the header.</exception>
    public static (byte[] Pixels, int Count, int Rows, int Columns) ReadImages(string path)
    {
        byte[] data = DataFile.ReadAllBytes(path, out bool gzipped);
        string note = DataFile.Note(gzipped);
        const int header = 16;
        CheckMagic(path, data, ImagesMagic, "IDX unsigned-byte images with 3 dimensions", note);
        if (data.Length < header)
        {
            throw new DataFormatException(path, $"truncated: expected at least {header} header bytes, found {data.Length}{note}");
        }

        int count = ReadDimension(path, data, 4);
        int rows = ReadDimension(path, data, 8);
        int columns = ReadDimension(path, data, 12);
        long expected = header + ((long)count * rows * columns);
        if (data.LongLength != expected)
        {
            throw new DataFormatException(path, $"{(data.LongLength < expected ? "truncated" : "wrong size")}: the header announces {count} images of {rows}×{columns}, expected {expected} bytes, found {data.LongLength} bytes{note}");
        }

        return (data[header..], count, rows, columns);
    }

    /// <summary>Reads an IDX label file: one byte per image.</summary>
    /// <exception cref="DataFormatException">Wrong magic number, or the size does not match the header.</exception>
    public static byte[] ReadLabels(string path)
    {
        byte[] data = DataFile.ReadAllBytes(path, out bool gzipped);
        string note = DataFile.Note(gzipped);
        const int header = 8;
        CheckMagic(path, data, LabelsMagic, "IDX unsigned-byte labels with 1 dimension", note);
        if (data.Length < header)
        {
            throw new DataFormatException(path, $"truncated: expected at least {header} header bytes, found {data.Length}{note}");
        }

        int count = ReadDimension(path, data, 4);
        long expected = header + (long)count;
        if (data.LongLength != expected)
        {
            throw new DataFormatException(path, $"{(data.LongLength < expected ? "truncated" : "wrong size")}: the header announces {count} labels, expected {expected} bytes, found {data.LongLength} bytes{note}");
        }

        return data[header..];
    }

    private static (byte[] Pixels, int Count, int Rows, int Columns, int[] Labels) ReadPair(string imagesPath, string labelsPath)
    {
        var (pixels, count, rows, columns) = ReadImages(imagesPath);
        byte[] labelBytes = ReadLabels(labelsPath);
        if (labelBytes.Length != count)
        {
            throw new DataFormatException(labelsPath, $"label count does not match image count: {labelBytes.Length} labels, but {imagesPath} has {count} images");
        }

        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = labelBytes[i];
        }

        return (pixels, count, rows, columns, labels);
    }

    private static ImageDataset Build(
        (byte[] Pixels, int Count, int Rows, int Columns, int[] Labels) pair,
        string imagesPath,
        string labelsPath,
        int classCount,
        IReadOnlyList<string>? classNames,
        DataSourceKind kind)
    {
        if (classCount == 0)
        {
            throw new DataFormatException(labelsPath, "no labels: the file holds no images, so the class count is unknown");
        }

        for (int i = 0; i < pair.Labels.Length; i++)
        {
            if (pair.Labels[i] >= classCount)
            {
                throw new DataFormatException(labelsPath, $"label out of range: label {pair.Labels[i]} of image {i} is not below the class count {classCount}");
            }
        }

        string source = Path.GetFullPath(imagesPath);
        return new ImageDataset(pair.Pixels, pair.Labels, 1, pair.Rows, pair.Columns, classCount, classNames, source, kind);
    }

    private static void CheckMagic(string path, byte[] data, int expected, string what, string note)
    {
        if (data.Length < 4)
        {
            throw new DataFormatException(path, $"truncated: expected at least 4 bytes for the magic number, found {data.Length}{note}");
        }

        int found = BinaryPrimitives.ReadInt32BigEndian(data);
        if (found != expected)
        {
            string hint = found switch
            {
                ImagesMagic => " (an IDX image file)",
                LabelsMagic => " (an IDX label file)",
                _ => string.Empty,
            };
            throw new DataFormatException(path, $"wrong magic number: expected 0x{expected:X8} ({what}), found 0x{found:X8}{hint}{note}");
        }
    }

    private static int ReadDimension(string path, byte[] data, int offset)
    {
        int value = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(offset));
        if (value < 0)
        {
            throw new DataFormatException(path, $"invalid header: dimension {value} at byte {offset} is negative");
        }

        return value;
    }

    private static int MaxLabel(int[] labels) => labels.Length == 0 ? -1 : labels.Max();
}
