using NetSpace.Data;
using NetSpace.Torch.Data;
namespace NetSpace.Torch.Data;

/// <summary>
/// A whole image data set in memory: every image as unsigned bytes in one array laid out
/// N×C×H×W (image-major, then channel planes, then rows), one integer label per image, the class
/// count and optional class names. Immutable; <see cref="Subset"/>, <see cref="Split"/> and
/// <see cref="SeededSubset"/> copy the chosen rows into new data sets.
/// </summary>
/// <remarks>
/// One managed array holds at most <see cref="Array.MaxLength"/> bytes (about 2 GiB): 45 000 RGB
/// images at 128×128, 175 000 at 64×64, all of CIFAR or Fashion-MNIST many times over.
/// </remarks>
public sealed class ImageDataset
{
    private readonly byte[] pixels;
    private readonly int[] labels;
    private ChannelStatistics? statistics;

    /// <summary>
    /// Wraps <paramref name="pixels"/> and <paramref name="labels"/> without copying them: the data
    /// set takes ownership, so the caller must not change the arrays afterwards.
    /// </summary>
    /// <param name="pixels">N×C×H×W bytes.</param>
    /// <param name="labels">N labels, each in [0, <paramref name="classes"/>).</param>
    /// <param name="channels">C: 1 for grayscale, 3 for RGB.</param>
    /// <param name="height">H in pixels.</param>
    /// <param name="width">W in pixels.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="classNames">Optional names, exactly <paramref name="classes"/> of them, in label order.</param>
    /// <param name="source">The file or folder the data came from (for messages and run records).</param>
    /// <param name="kind">Which kind of source it is.</param>
    /// <param name="normalization">Statistics batches of this data set are normalised with; null: its own, computed on request.</param>
    /// <exception cref="ArgumentException">The sizes do not agree or a label is out of range.</exception>
    public ImageDataset(
        byte[] pixels,
        int[] labels,
        int channels,
        int height,
        int width,
        int classes,
        IReadOnlyList<string>? classNames = null,
        string source = "",
        DataSourceKind kind = DataSourceKind.InMemory,
        ChannelStatistics? normalization = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        long sampleSize = (long)channels * height * width;
        if (sampleSize > Array.MaxLength || (long)labels.Length * sampleSize != pixels.LongLength)
        {
            throw new ArgumentException(
                $"{pixels.LongLength} pixel bytes do not hold {labels.Length} images of {channels}×{height}×{width}", nameof(pixels));
        }

        if (classNames is not null && classNames.Count != classes)
        {
            throw new ArgumentException($"{classNames.Count} class names for {classes} classes", nameof(classNames));
        }

        if (normalization is not null && (normalization.Mean.Count != channels || normalization.Std.Count != channels))
        {
            throw new ArgumentException($"normalization statistics for {normalization.Mean.Count} channels, the images have {channels}", nameof(normalization));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentException($"label {labels[i]} of image {i} is out of range for {classes} classes", nameof(labels));
            }
        }

        this.pixels = pixels;
        this.labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
        SampleSize = (int)sampleSize;
        Classes = classes;
        ClassNames = classNames;
        Source = source ?? string.Empty;
        Kind = kind;
        Normalization = normalization;
    }

    /// <summary>Number of images (N).</summary>
    public int Count => labels.Length;

    /// <summary>Channels per image (C).</summary>
    public int Channels { get; }

    /// <summary>Image height in pixels (H).</summary>
    public int Height { get; }

    /// <summary>Image width in pixels (W).</summary>
    public int Width { get; }

    /// <summary>Bytes per image: C×H×W.</summary>
    public int SampleSize { get; }

    /// <summary>Number of classes; every label is in [0, Classes).</summary>
    public int Classes { get; }

    /// <summary>Class names in label order, when known.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>The file or folder the data came from; empty for data built in code.</summary>
    public string Source { get; }

    /// <summary>Which kind of source the data came from.</summary>
    public DataSourceKind Kind { get; }

    /// <summary>
    /// The statistics batches of this data set are normalised with, when they are not its own:
    /// <see cref="DatasetCatalog"/> puts the training split's statistics on both splits, so that test
    /// images are normalised like training images; subsets and splits keep them. Null: the
    /// <see cref="BatchLoader"/> uses <see cref="ComputeChannelStatistics"/>.
    /// </summary>
    public ChannelStatistics? Normalization { get; }

    /// <summary>All pixels, N×C×H×W, read-only.</summary>
    public ReadOnlyMemory<byte> Pixels => pixels;

    /// <summary>All labels in image order, read-only.</summary>
    public ReadOnlyMemory<int> Labels => labels;

    /// <summary>The raw array, for the batch loader's copies; never written.</summary>
    internal byte[] PixelArray => pixels;

    /// <summary>The raw array, for the batch loader's copies; never written.</summary>
    internal int[] LabelArray => labels;

    /// <summary>The C×H×W bytes of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> GetImage(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return pixels.AsSpan(index * SampleSize, SampleSize);
    }

    /// <summary>The label of image <paramref name="index"/>.</summary>
    public int GetLabel(int index) => labels[index];

    /// <summary>How many images each class has, indexed by label.</summary>
    public int[] CountPerClass()
    {
        var counts = new int[Classes];
        foreach (int label in labels)
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>
    /// Per-channel mean and population standard deviation of the pixels scaled to [0, 1], computed
    /// exactly (integer sums) on first request and cached.
    /// </summary>
    public ChannelStatistics ComputeChannelStatistics()
    {
        if (statistics is not null)
        {
            return statistics;
        }

        // Histogram per channel: one increment per byte (in parallel over blocks of images), then
        // exact moments from the 256 bins.
        int plane = Height * Width;
        var histograms = new long[Channels * 256];
        var gate = new object();
        if (Count > 0)
        {
            Parallel.ForEach(
                System.Collections.Concurrent.Partitioner.Create(0, Count, Math.Max(1, (1 << 20) / SampleSize)),
                () => new long[Channels * 256],
                (range, _, local) =>
                {
                    for (int i = range.Item1; i < range.Item2; i++)
                    {
                        for (int c = 0; c < Channels; c++)
                        {
                            int offset = c * 256;
                            foreach (byte b in pixels.AsSpan(((i * Channels) + c) * plane, plane))
                            {
                                local[offset + b]++;
                            }
                        }
                    }

                    return local;
                },
                local =>
                {
                    lock (gate)
                    {
                        for (int k = 0; k < local.Length; k++)
                        {
                            histograms[k] += local[k];
                        }
                    }
                });
        }

        var mean = new double[Channels];
        var std = new double[Channels];
        for (int c = 0; c < Channels; c++)
        {
            double n = 0, sum = 0, sumSquares = 0;
            for (int v = 0; v < 256; v++)
            {
                double count = histograms[(c * 256) + v];
                n += count;
                sum += count * v;
                sumSquares += count * v * v;
            }

            double m = n > 0 ? sum / n : 0;
            double variance = n > 0 ? Math.Max(0, (sumSquares / n) - (m * m)) : 0;
            mean[c] = m / 255.0;
            std[c] = Math.Sqrt(variance) / 255.0;
        }

        statistics = new ChannelStatistics(mean, std);
        return statistics;
    }

    /// <summary>The same images (arrays shared, not copied) with <see cref="Normalization"/> set to <paramref name="statistics"/>.</summary>
    public ImageDataset WithNormalization(ChannelStatistics? statistics) =>
        new(pixels, labels, Channels, Height, Width, Classes, ClassNames, Source, Kind, statistics);

    /// <summary>
    /// A new data set of the images at <paramref name="indices"/>, in that order (repeats allowed),
    /// with the same shape, classes, source and kind.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Count).</exception>
    public ImageDataset Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var newPixels = new byte[(long)indices.Count * SampleSize];
        var newLabels = new int[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            int i = indices[k];
            if ((uint)i >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"index {i} at position {k} is outside [0, {Count})");
            }

            Buffer.BlockCopy(pixels, i * SampleSize, newPixels, k * SampleSize, SampleSize);
            newLabels[k] = labels[i];
        }

        return new ImageDataset(newPixels, newLabels, Channels, Height, Width, Classes, ClassNames, Source, Kind, Normalization);
    }

    /// <summary>
    /// Splits the images at random into a training part and a holdout part of
    /// round(<paramref name="holdoutFraction"/> × Count) images; the same seed gives the same split.
    /// Not stratified. Both parts keep the original image order.
    /// </summary>
    /// <param name="holdoutFraction">Share of the images that go to the holdout part, in [0, 1].</param>
    /// <param name="seed">Seed of the random assignment.</param>
    public (ImageDataset Train, ImageDataset Holdout) Split(double holdoutFraction, long seed)
    {
        if (!(holdoutFraction >= 0 && holdoutFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(holdoutFraction), holdoutFraction, "the holdout fraction must be in [0, 1]");
        }

        int holdoutCount = (int)Math.Round(holdoutFraction * Count, MidpointRounding.AwayFromZero);
        int[] order = Seeds.Permutation(Count, new Random(Seeds.Derive(seed, Seeds.SubsetStream, Count, 1)));
        int[] holdout = order[..holdoutCount];
        int[] train = order[holdoutCount..];
        Array.Sort(holdout);
        Array.Sort(train);
        return (Subset(train), Subset(holdout));
    }

    /// <summary>
    /// <paramref name="count"/> distinct images chosen at random with <paramref name="seed"/>, kept in
    /// their original order; the same seed gives the same images.
    /// </summary>
    public ImageDataset SeededSubset(int count, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        int[] chosen = Seeds.Permutation(Count, new Random(Seeds.Derive(seed, Seeds.SubsetStream, Count, 2)))[..count];
        Array.Sort(chosen);
        return Subset(chosen);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Count} images {Channels}×{Height}×{Width}, {Classes} classes" + (Source.Length > 0 ? $" from {Source}" : string.Empty);
}
