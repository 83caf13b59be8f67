using NetSpace.Data;
using NetSpace.Torch.Data;
using NetSpace.Torch.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace NetSpace.Torch.Data;

/// <summary>
/// Cuts an <see cref="ImageDataset"/> into batches of float32 image tensors (normalised per
/// channel) and int64 label tensors, with seeded shuffling and augmentation for training and a
/// fixed order without augmentation for evaluation.
/// </summary>
/// <remarks>
/// <para>
/// Reproducibility: epoch <c>e</c> visits the images in a permutation drawn by
/// <see cref="Random"/> seeded from (<see cref="Seed"/>, e) alone, and batch <c>b</c> of it is
/// augmented with draws seeded from (<see cref="Seed"/>, e, b) alone — so a run resumed at any epoch
/// (or batch) sees exactly the batches an uninterrupted run sees, and no libtorch generator is used.
/// </para>
/// <para>
/// Per batch the images' rows are copied into one reused byte buffer, which becomes one uint8
/// tensor; crops and flips are one vectorised gather on it (zero padding, per-image offsets and
/// mirrored column indices), random-resized crops one <c>affine_grid</c> + <c>grid_sample</c> on the
/// float tensor; then one multiply-add normalises: <c>x · 1/(255·std[c]) − mean[c]/std[c]</c>.
/// A channel whose std is 0 is only centred. No tensor is made per image.
/// </para>
/// <para>
/// Ownership: see <see cref="ImageBatch"/> — the batch's tensors go to the dispose scope active
/// when the batch is built, or to the caller. The loader itself holds no tensors and needs no
/// disposing. It reuses one buffer, so one loader must not build batches on two threads at once.
/// </para>
/// </remarks>
public sealed class BatchLoader
{
    private readonly ImageDataset dataset;
    private readonly float[] scale;
    private readonly float[] shift;
    private byte[] buffer = [];
    private int[]? cachedOrder;
    private int cachedEpoch = -1;

    /// <summary>Creates a loader over <paramref name="dataset"/>.</summary>
    /// <param name="dataset">The images.</param>
    /// <param name="options">Batching and augmentation.</param>
    /// <param name="seed">Seed of the per-epoch order and of augmentation.</param>
    /// <exception cref="ArgumentException">The options do not fit the data set.</exception>
    public BatchLoader(ImageDataset dataset, BatchLoaderOptions options, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize, nameof(options.BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(options.CropPadding, nameof(options.CropPadding));
        if (!(options.FlipProbability >= 0 && options.FlipProbability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FlipProbability, "FlipProbability must be in [0, 1]");
        }

        if (!(options.RandomErasingProbability >= 0 && options.RandomErasingProbability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RandomErasingProbability, "RandomErasingProbability must be in [0, 1]");
        }

        int outputSize = options.OutputSize ?? 0;
        if (options.OutputSize is not null && (outputSize <= 0 || outputSize > Math.Min(dataset.Height, dataset.Width)))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), outputSize, $"OutputSize must be in [1, {Math.Min(dataset.Height, dataset.Width)}] for {dataset.Height}×{dataset.Width} images");
        }

        if (options.RandomResizedCrop
            && !(options.MinScale > 0 && options.MinScale <= options.MaxScale && options.MaxScale <= 1
                 && options.MinRatio > 0 && options.MinRatio <= options.MaxRatio))
        {
            throw new ArgumentException("random-resized crop needs 0 < MinScale ≤ MaxScale ≤ 1 and 0 < MinRatio ≤ MaxRatio", nameof(options));
        }

        ChannelStatistics statistics = options.Normalization ?? dataset.Normalization ?? dataset.ComputeChannelStatistics();
        if (statistics.Mean.Count != dataset.Channels || statistics.Std.Count != dataset.Channels)
        {
            throw new ArgumentException($"normalisation statistics for {statistics.Mean.Count} channels, the images have {dataset.Channels}", nameof(options));
        }

        this.dataset = dataset;
        Options = options;
        Seed = seed;
        Normalization = statistics;
        OutputHeight = options.OutputSize ?? dataset.Height;
        OutputWidth = options.OutputSize ?? dataset.Width;
        scale = new float[dataset.Channels];
        shift = new float[dataset.Channels];
        for (int c = 0; c < dataset.Channels; c++)
        {
            double std = statistics.Std[c] > 0 ? statistics.Std[c] : 1.0;
            scale[c] = (float)(1.0 / (255.0 * std));
            shift[c] = (float)(-statistics.Mean[c] / std);
        }
    }

    /// <summary>The images batched.</summary>
    public ImageDataset Dataset => dataset;

    /// <summary>Batching and augmentation.</summary>
    public BatchLoaderOptions Options { get; }

    /// <summary>Seed of the per-epoch order and of augmentation.</summary>
    public long Seed { get; }

    /// <summary>The statistics batches are normalised with.</summary>
    public ChannelStatistics Normalization { get; }

    /// <summary>Height of the images in batches (training and evaluation alike).</summary>
    public int OutputHeight { get; }

    /// <summary>Width of the images in batches (training and evaluation alike).</summary>
    public int OutputWidth { get; }

    /// <summary>Training batches per epoch: ⌊N/B⌋ with <see cref="BatchLoaderOptions.DropLast"/>, else ⌈N/B⌉.</summary>
    public int BatchesPerEpoch =>
        Options.DropLast ? dataset.Count / Options.BatchSize : EvaluationBatchCount;

    /// <summary>Evaluation batches: ⌈N/B⌉, the last one possibly smaller.</summary>
    public int EvaluationBatchCount => (int)(((long)dataset.Count + Options.BatchSize - 1) / Options.BatchSize);

    /// <summary>
    /// The order epoch <paramref name="epoch"/> visits the images in: a permutation of 0..N-1 seeded
    /// from (<see cref="Seed"/>, epoch) only. Returns a copy.
    /// </summary>
    public int[] EpochOrder(int epoch) => (int[])Order(epoch).Clone();

    /// <summary>
    /// The training batches of epoch <paramref name="epoch"/>, shuffled and augmented, from batch
    /// <paramref name="firstBatch"/> on (to resume inside an epoch). Each batch is built when
    /// the enumerator moves to it; see <see cref="ImageBatch"/> for who disposes its tensors.
    /// </summary>
    public IEnumerable<ImageBatch> TrainingBatches(int epoch, int firstBatch = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(firstBatch);
        return Iterate(firstBatch, BatchesPerEpoch, b => TrainingBatch(epoch, b));
    }

    /// <summary>
    /// Training batch <paramref name="batchIndex"/> of epoch <paramref name="epoch"/>: the images at
    /// positions [b·B, b·B + B) of <see cref="EpochOrder"/>, augmented with draws seeded from
    /// (<see cref="Seed"/>, epoch, b). The same arguments always give the same batch.
    /// </summary>
    public ImageBatch TrainingBatch(int epoch, int batchIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(batchIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(batchIndex, BatchesPerEpoch);
        int start = batchIndex * Options.BatchSize;
        int count = Math.Min(Options.BatchSize, dataset.Count - start);
        var random = new Random(Seeds.Derive(Seed, Seeds.AugmentationStream, epoch, batchIndex));
        return Build(Order(epoch).AsSpan(start, count), random);
    }

    /// <summary>Every image once, in data-set order, without augmentation (center-cropped to the output size).</summary>
    public IEnumerable<ImageBatch> EvaluationBatches() => Iterate(0, EvaluationBatchCount, EvaluationBatch);

    /// <summary>Evaluation batch <paramref name="batchIndex"/>: images [b·B, b·B + B) in data-set order, not augmented.</summary>
    public ImageBatch EvaluationBatch(int batchIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(batchIndex, EvaluationBatchCount);
        int start = batchIndex * Options.BatchSize;
        int count = Math.Min(Options.BatchSize, dataset.Count - start);
        var rows = new int[count];
        for (int k = 0; k < count; k++)
        {
            rows[k] = start + k;
        }

        return Build(rows, random: null);
    }

    private static IEnumerable<ImageBatch> Iterate(int first, int count, Func<int, ImageBatch> build)
    {
        for (int b = first; b < count; b++)
        {
            yield return build(b);
        }
    }

    private int[] Order(int epoch)
    {
        if (cachedOrder is null || cachedEpoch != epoch)
        {
            cachedOrder = Seeds.Permutation(dataset.Count, new Random(Seeds.Derive(Seed, Seeds.PermutationStream, epoch)));
            cachedEpoch = epoch;
        }

        return cachedOrder;
    }

    /// <summary>Builds a batch of <paramref name="rows"/>; <paramref name="random"/> null means evaluation (no augmentation).</summary>
    private ImageBatch Build(ReadOnlySpan<int> rows, Random? random)
    {
        int n = rows.Length;
        int sampleSize = dataset.SampleSize;
        int needed = n * sampleSize;
        if (buffer.Length < needed)
        {
            buffer = new byte[Options.BatchSize * sampleSize];
        }

        var indices = rows.ToArray();
        var labels = new long[n];
        byte[] pixels = dataset.PixelArray;
        int[] allLabels = dataset.LabelArray;
        for (int k = 0; k < n; k++)
        {
            Buffer.BlockCopy(pixels, indices[k] * sampleSize, buffer, k * sampleSize, sampleSize);
            labels[k] = allLabels[indices[k]];
        }

        using var scope = torch.NewDisposeScope();

        // frombuffer views the (pinned) buffer without copying; every path below copies out of it
        // (gather, narrow + conversion to float), and the view dies with this scope.
        var raw = torch.frombuffer(buffer, ScalarType.Byte, count: needed).view(n, dataset.Channels, dataset.Height, dataset.Width);
        Tensor images;
        if (random is null)
        {
            images = ChannelsLast.To(CenterCrop(raw), Options.Layout, ScalarType.Float32);
        }
        else if (Options.RandomResizedCrop)
        {
            images = ChannelsLast.To(RandomResizedCrop(raw.to_type(ScalarType.Float32), random), Options.Layout);
        }
        else
        {
            images = ChannelsLast.To(CropAndFlip(raw, random), Options.Layout, ScalarType.Float32);
        }

        var channelScale = torch.tensor(scale).view(1, dataset.Channels, 1, 1);
        var channelShift = torch.tensor(shift).view(1, dataset.Channels, 1, 1);
        images = ChannelsLast.To(images.mul_(channelScale).add_(channelShift, RootedScalars.One), Options.Layout); // in-place ops keep the layout
        if (random is not null && Options.RandomErasingProbability > 0 && EraseMask(n, random) is { } keep)
        {
            images = images.mul_(torch.tensor(keep).view(n, 1, OutputHeight, OutputWidth));
        }

        var labelTensor = torch.tensor(labels);
        return new ImageBatch(images.MoveToOuterDisposeScope(), labelTensor.MoveToOuterDisposeScope(), indices);
    }

    /// <summary>
    /// Random erasing (torchvision's <c>RandomErasing.get_params</c>): per image, with probability p, up to 10 tries of
    /// an area of 2%–⅓ and a log-uniform aspect ratio in [0.3, 1/0.3]; the first that fits is erased. Returns the keep
    /// mask (n × H × W, 0 inside the rectangles), or null when no image was erased. Draws come after crop and flip's.
    /// </summary>
    private float[]? EraseMask(int n, Random random)
    {
        int h = OutputHeight, w = OutputWidth, area = h * w;
        double logMaxRatio = Math.Log(1 / 0.3); // ln aspect ratio is uniform in [−logMaxRatio, logMaxRatio]
        float[]? keep = null;
        for (int k = 0; k < n; k++)
        {
            if (random.NextDouble() >= Options.RandomErasingProbability)
            {
                continue;
            }

            for (int attempt = 0; attempt < 10; attempt++)
            {
                double target = area * (0.02 + (random.NextDouble() * ((1.0 / 3.0) - 0.02)));
                double ratio = Math.Exp(((2 * random.NextDouble()) - 1) * logMaxRatio);
                int eh = (int)Math.Round(Math.Sqrt(target * ratio), MidpointRounding.ToEven);
                int ew = (int)Math.Round(Math.Sqrt(target / ratio), MidpointRounding.ToEven);
                if (eh < 1 || ew < 1 || eh >= h || ew >= w)
                {
                    continue;
                }

                int top = random.Next(h - eh + 1), left = random.Next(w - ew + 1);
                if (keep is null)
                {
                    keep = new float[n * area];
                    Array.Fill(keep, 1f);
                }

                for (int i = top; i < top + eh; i++)
                {
                    Array.Clear(keep, (k * area) + (i * w) + left, ew);
                }

                break;
            }
        }

        return keep;
    }

    private Tensor CenterCrop(Tensor x)
    {
        int top = (dataset.Height - OutputHeight) / 2;
        int left = (dataset.Width - OutputWidth) / 2;
        return top == 0 && left == 0 && OutputHeight == dataset.Height && OutputWidth == dataset.Width
            ? x
            : x.narrow(2, top, OutputHeight).narrow(3, left, OutputWidth);
    }

    /// <summary>
    /// Zero-pads by <see cref="BatchLoaderOptions.CropPadding"/>, then takes for image k the
    /// OutputHeight×OutputWidth window at a random offset (dy, dx), mirrored when flipped — all
    /// images in one advanced-indexing gather: out[k, c, i, j] = padded[k, c, dy_k + i, col_k(j)],
    /// col_k(j) = dx_k + (flipped ? W−1−j : j).
    /// </summary>
    private Tensor CropAndFlip(Tensor x, Random random)
    {
        int n = (int)x.shape[0];
        int p = Options.CropPadding;
        int oh = OutputHeight, ow = OutputWidth;
        int rangeY = dataset.Height + (2 * p) - oh;
        int rangeX = dataset.Width + (2 * p) - ow;
        var rowIndex = new long[n * oh];
        var colIndex = new long[n * ow];
        bool identity = rangeY == 0 && rangeX == 0;
        for (int k = 0; k < n; k++)
        {
            // Three draws per image in a fixed order, whatever is switched off.
            int dy = random.Next(rangeY + 1);
            int dx = random.Next(rangeX + 1);
            bool flip = random.NextDouble() < Options.FlipProbability;
            identity &= !flip;
            for (int i = 0; i < oh; i++)
            {
                rowIndex[(k * oh) + i] = dy + i;
            }

            for (int j = 0; j < ow; j++)
            {
                colIndex[(k * ow) + j] = dx + (flip ? ow - 1 - j : j);
            }
        }

        if (identity)
        {
            return x;
        }

        var padded = p > 0 ? F.pad(x, [p, p, p, p]) : x;
        var batchIndex = torch.arange(n, dtype: ScalarType.Int64).view(n, 1, 1, 1);
        var channelIndex = torch.arange(dataset.Channels, dtype: ScalarType.Int64).view(1, dataset.Channels, 1, 1);
        var rowsT = torch.tensor(rowIndex).view(n, 1, oh, 1);
        var colsT = torch.tensor(colIndex).view(n, 1, 1, ow);
        return padded.index(batchIndex, channelIndex, rowsT, colsT);
    }

    /// <summary>
    /// Random-resized crop (+ flip) of every image in one <c>grid_sample</c>: image k samples the box
    /// (x0, y0, w, h) through the affine map x_in = a·x_out + t in normalised coordinates
    /// (align_corners = false), with a = ±w/W (negative when flipped) and t = (2·x0 + w)/W − 1 — the
    /// same half-pixel mapping as resizing the cropped box; border pixels are repeated, never black.
    /// </summary>
    private Tensor RandomResizedCrop(Tensor x, Random random)
    {
        int n = (int)x.shape[0];
        int height = dataset.Height, width = dataset.Width;
        var theta = new float[n * 6];
        for (int k = 0; k < n; k++)
        {
            var (x0, y0, w, h) = SampleBox(random, height, width);
            bool flip = random.NextDouble() < Options.FlipProbability;
            theta[(k * 6) + 0] = (float)w / width * (flip ? -1 : 1);
            theta[(k * 6) + 2] = (float)(((2.0 * x0) + w) / width - 1);
            theta[(k * 6) + 4] = (float)h / height;
            theta[(k * 6) + 5] = (float)(((2.0 * y0) + h) / height - 1);
        }

        var thetaT = torch.tensor(theta).view(n, 2, 3);
        var grid = F.affine_grid(thetaT, [n, dataset.Channels, OutputHeight, OutputWidth], align_corners: false);
        return F.grid_sample(x, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
    }

    /// <summary>torchvision's <c>RandomResizedCrop.get_params</c>: up to 10 tries, then the central box of clamped ratio.</summary>
    private (int X0, int Y0, int W, int H) SampleBox(Random random, int height, int width)
    {
        double area = (double)height * width;
        double logMin = Math.Log(Options.MinRatio), logMax = Math.Log(Options.MaxRatio);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * (Options.MinScale + (random.NextDouble() * (Options.MaxScale - Options.MinScale)));
            double ratio = Math.Exp(logMin + (random.NextDouble() * (logMax - logMin)));
            int w = (int)Math.Round(Math.Sqrt(target * ratio));
            int h = (int)Math.Round(Math.Sqrt(target / ratio));
            if (w > 0 && w <= width && h > 0 && h <= height)
            {
                int y0 = random.Next(height - h + 1);
                int x0 = random.Next(width - w + 1);
                return (x0, y0, w, h);
            }
        }

        double inRatio = (double)width / height;
        int cw = width, ch = height;
        if (inRatio < Options.MinRatio)
        {
            ch = (int)Math.Round(cw / Options.MinRatio);
        }
        else if (inRatio > Options.MaxRatio)
        {
            cw = (int)Math.Round(ch * Options.MaxRatio);
        }

        return ((width - cw) / 2, (height - ch) / 2, cw, ch);
    }
}
