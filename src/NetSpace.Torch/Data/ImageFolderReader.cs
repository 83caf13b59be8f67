using NetSpace.Data;
using NetSpace.Torch.Data;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace NetSpace.Torch.Data;

/// <summary>
/// Reads image folders laid out as <c>root/train/&lt;class&gt;/*</c> and <c>root/val/&lt;class&gt;/*</c>
/// (or <c>root/test/&lt;class&gt;/*</c>), classes sorted by ordinal folder name, decoded with SkiaSharp.
/// </summary>
/// <remarks>
/// <para>
/// Storage choice: every image is stored as a square of <c>storageSize</c> × <c>storageSize</c> RGB
/// pixels — the shorter side is resized to the storage size and the longer side center-cropped to
/// it (computed as one step: the largest centered square is resampled to the storage size, bilinear
/// with mipmaps). This is torchvision's <c>Resize(S)</c> + <c>CenterCrop(S)</c>: all images get one
/// shape, so a data set is one N×3×S×S array, and the batch loader can still take random-resized
/// crops (training) or a central crop of 7/8 of the side (evaluation, as 224 of 256) from it. What
/// lies outside the central square of a non-square photo is lost.
/// </para>
/// <para>
/// Grayscale and palette images are expanded to three equal channels; alpha is dropped (not
/// composited); EXIF orientation is not applied (as PIL/torchvision). Files are found recursively
/// under each class folder; recognised extensions are <see cref="Extensions"/>, other files and
/// hidden entries (names starting with '.') are ignored.
/// </para>
/// </remarks>
public static class ImageFolderReader
{
    /// <summary>Storage side used when none is given: 64 px (training crops of 56 px).</summary>
    public const int DefaultStorageSize = DataSource.DefaultFolderStorageSize;

    /// <summary>Smallest accepted storage side.</summary>
    public const int MinStorageSize = DataSource.MinFolderStorageSize;

    /// <summary>Largest accepted storage side.</summary>
    public const int MaxStorageSize = DataSource.MaxFolderStorageSize;

    /// <summary>Folders looked for, in this order, for the evaluation split.</summary>
    public static IReadOnlyList<string> TestFolderNames { get; } = ["val", "test"];

    /// <summary>File extensions read as images (case-insensitive).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];

    /// <summary>
    /// Loads <c>root/train</c> and <c>root/val</c> (or <c>root/test</c> when there is no <c>val</c>),
    /// with the classes of <c>root/train</c>.
    /// </summary>
    /// <param name="root">The folder holding <c>train/</c> and <c>val/</c> or <c>test/</c>.</param>
    /// <param name="storageSize">Side of the stored square images.</param>
    /// <exception cref="DatasetNotFoundException">A folder is missing.</exception>
    /// <exception cref="DataFormatException">A class folder is empty or unknown, or an image cannot be decoded.</exception>
    public static DatasetPair Load(string root, int storageSize = DefaultStorageSize)
    {
        ArgumentNullException.ThrowIfNull(root);
        CheckStorageSize(storageSize);
        if (!Directory.Exists(root))
        {
            throw new DatasetNotFoundException($"{root}: folder not found (expected train/<class>/ and val/<class>/ or test/<class>/ image folders)");
        }

        string trainDir = Path.Combine(root, "train");
        if (!Directory.Exists(trainDir))
        {
            throw new DatasetNotFoundException($"{root}: no train/ folder (expected train/<class>/ and val/<class>/ or test/<class>/ image folders)");
        }

        string? testDir = TestFolderNames.Select(d => Path.Combine(root, d)).FirstOrDefault(Directory.Exists);
        if (testDir is null)
        {
            throw new DatasetNotFoundException($"{root}: no val/ or test/ folder next to train/");
        }

        IReadOnlyList<string> classes = FindClasses(trainDir);
        var train = LoadSplit(trainDir, classes, storageSize, requireEveryClass: true);
        var test = LoadSplit(testDir, classes, storageSize, requireEveryClass: false);
        return new DatasetPair(train, test);
    }

    /// <summary>The class folder names of <paramref name="splitDirectory"/>, sorted ordinally (label = position).</summary>
    /// <exception cref="DataFormatException">The folder has no class folders.</exception>
    public static IReadOnlyList<string> FindClasses(string splitDirectory)
    {
        string[] classes = Directory.EnumerateDirectories(splitDirectory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => !name.StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (classes.Length == 0)
        {
            throw new DataFormatException(splitDirectory, "no class folders (expected one sub-folder of images per class)");
        }

        return classes;
    }

    /// <summary>
    /// Loads one split folder whose sub-folders are (a subset of) <paramref name="classes"/>;
    /// a sub-folder that is not a known class is an error.
    /// </summary>
    /// <param name="splitDirectory">The split folder, such as <c>root/train</c>.</param>
    /// <param name="classes">All class names in label order.</param>
    /// <param name="storageSize">Side of the stored square images.</param>
    /// <param name="requireEveryClass">Whether every class must have a folder with at least one image.</param>
    public static ImageDataset LoadSplit(string splitDirectory, IReadOnlyList<string> classes, int storageSize, bool requireEveryClass)
    {
        ArgumentNullException.ThrowIfNull(splitDirectory);
        ArgumentNullException.ThrowIfNull(classes);
        CheckStorageSize(storageSize);
        var labelOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < classes.Count; i++)
        {
            labelOf[classes[i]] = i;
        }

        foreach (string dir in Directory.EnumerateDirectories(splitDirectory))
        {
            string name = Path.GetFileName(dir);
            if (!name.StartsWith('.') && !labelOf.ContainsKey(name))
            {
                throw new DataFormatException(dir, $"class folder '{name}' is not one of the {classes.Count} training classes");
            }
        }

        var files = new List<(string Path, int Label)>();
        for (int label = 0; label < classes.Count; label++)
        {
            string classDir = Path.Combine(splitDirectory, classes[label]);
            string[] images = Directory.Exists(classDir) ? ListImages(classDir) : [];
            if (images.Length == 0 && requireEveryClass)
            {
                throw new DataFormatException(classDir, $"no images for class '{classes[label]}' (looked for {string.Join(", ", Extensions)})");
            }

            files.AddRange(images.Select(path => (path, label)));
        }

        int sampleSize = 3 * storageSize * storageSize;
        if ((long)files.Count * sampleSize > Array.MaxLength)
        {
            throw new InvalidDataSourceException(
                $"{splitDirectory}: {files.Count} images of 3×{storageSize}×{storageSize} need {(long)files.Count * sampleSize} bytes, more than one in-memory array holds; use a smaller storage size");
        }

        var pixels = new byte[files.Count * sampleSize];
        var labels = files.Select(f => f.Label).ToArray();
        var errors = new DataFormatException?[files.Count];

        // Decode in parallel; Break (not Stop) makes every image before a failing one decode too,
        // so the error reported is always the first bad file in order, whatever the scheduling.
        Parallel.For(
            0,
            files.Count,
            (i, state) =>
            {
                try
                {
                    DecodeInto(files[i].Path, storageSize, pixels.AsSpan(i * sampleSize, sampleSize));
                }
                catch (DataFormatException e)
                {
                    errors[i] = e;
                    state.Break();
                }
            });
        DataFormatException? first = errors.FirstOrDefault(e => e is not null);
        if (first is not null)
        {
            throw first;
        }

        return new ImageDataset(pixels, labels, 3, storageSize, storageSize, classes.Count, classes, Path.GetFullPath(splitDirectory), DataSourceKind.ImageFolder);
    }

    /// <summary>
    /// Decodes one image file into 3 × <paramref name="storageSize"/> × <paramref name="storageSize"/>
    /// bytes (channel planes R, G, B), shorter side resized and center-cropped as described on the type.
    /// </summary>
    /// <exception cref="DataFormatException">The file cannot be read or decoded.</exception>
    public static byte[] Decode(string path, int storageSize)
    {
        CheckStorageSize(storageSize);
        var chw = new byte[3 * storageSize * storageSize];
        DecodeInto(path, storageSize, chw);
        return chw;
    }

    private static void DecodeInto(string path, int size, Span<byte> chw)
    {
        byte[] encoded;
        try
        {
            encoded = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"unreadable image: {e.Message}", e);
        }

        try
        {
            using var stream = new MemoryStream(encoded, writable: false);
            using var codec = SKCodec.Create(stream, out SKCodecResult created);
            if (codec is null)
            {
                throw new DataFormatException(path, $"unreadable image: not a format SkiaSharp can decode ({created})");
            }

            var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            if (info.Width <= 0 || info.Height <= 0)
            {
                throw new DataFormatException(path, $"unreadable image: size {info.Width}×{info.Height}");
            }

            using var decoded = new SKBitmap(info);
            SKCodecResult result = codec.GetPixels(info, decoded.GetPixels());
            if (result != SKCodecResult.Success)
            {
                string why = result == SKCodecResult.IncompleteInput ? "truncated image data" : result.ToString();
                throw new DataFormatException(path, $"unreadable image: {why}");
            }

            int side = Math.Min(info.Width, info.Height);
            var square = SKRectI.Create((info.Width - side) / 2, (info.Height - side) / 2, side, side);
            using var cropped = new SKBitmap();
            if (!decoded.ExtractSubset(cropped, square))
            {
                throw new DataFormatException(path, "unreadable image: cannot take its central square");
            }

            using var stored = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul));
            if (!cropped.ScalePixels(stored, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)))
            {
                throw new DataFormatException(path, $"unreadable image: cannot resize {side}×{side} to {size}×{size}");
            }

            ToPlanes(stored.GetPixelSpan(), stored.RowBytes, size, chw);
        }
        catch (Exception e) when (e is not DataFormatException and not OutOfMemoryException)
        {
            throw new DataFormatException(path, $"unreadable image: {e.Message}", e);
        }
    }

    /// <summary>RGBA rows (interleaved) to R, G and B planes.</summary>
    private static void ToPlanes(ReadOnlySpan<byte> rgba, int rowBytes, int size, Span<byte> chw)
    {
        int plane = size * size;
        for (int y = 0; y < size; y++)
        {
            ReadOnlySpan<uint> row = MemoryMarshal.Cast<byte, uint>(rgba.Slice(y * rowBytes, size * 4));
            int o = y * size;
            for (int x = 0; x < size; x++)
            {
                uint p = row[x]; // little-endian: R in the low byte, then G, B, A
                chw[o + x] = (byte)p;
                chw[plane + o + x] = (byte)(p >> 8);
                chw[(2 * plane) + o + x] = (byte)(p >> 16);
            }
        }
    }

    private static string[] ListImages(string classDir) =>
        Directory.EnumerateFiles(classDir, "*", SearchOption.AllDirectories)
            .Where(path => !Path.GetFileName(path).StartsWith('.')
                && Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static void CheckStorageSize(int storageSize)
    {
        if (storageSize is < MinStorageSize or > MaxStorageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(storageSize), storageSize, $"the storage size must be in [{MinStorageSize}, {MaxStorageSize}]");
        }
    }
}
