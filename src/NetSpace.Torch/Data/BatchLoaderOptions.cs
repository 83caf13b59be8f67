using NetSpace.Data;
using NetSpace.Torch.Data;
namespace NetSpace.Torch.Data;

/// <summary>
/// How a <see cref="BatchLoader"/> batches and augments. The defaults batch 128 images without any
/// augmentation; <see cref="Recommended"/> gives the usual recipe for a data set. Augmentation
/// applies to training batches only; evaluation batches are never augmented, only center-cropped to
/// <see cref="OutputSize"/> when that is smaller than the images.
/// </summary>
public sealed record BatchLoaderOptions
{
    /// <summary>Images per batch.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Whether training epochs drop the last, incomplete batch (evaluation never drops images).</summary>
    public bool DropLast { get; init; }

    /// <summary>
    /// Random crop with zero padding: pad each side by this many pixels (with black, before
    /// normalisation, as torchvision's <c>RandomCrop(padding=P)</c>) and crop back at a random
    /// offset. 0 turns it off. Ignored when <see cref="RandomResizedCrop"/> is on.
    /// </summary>
    public int CropPadding { get; init; }

    /// <summary>
    /// Memory layout of the image tensors (always shaped B×C×H×W): contiguous by default, or channels-last strides
    /// built in the same pass as the conversion to float (<see cref="Modules.ChannelsLast"/>).
    /// </summary>
    public NetSpace.Training.MemoryLayout Layout { get; init; }

    /// <summary>Probability that a training image is flipped left–right; 0 turns flipping off.</summary>
    public double FlipProbability { get; init; }

    /// <summary>
    /// Probability that a training image gets one random rectangle erased (Zhong et al. 2017; torchvision's
    /// and timm's <c>RandomErasing</c>): 2%–⅓ of the area, aspect ratio log-uniform in [0.3, 1/0.3], up to 10
    /// tries to fit; the rectangle is set to 0 after normalisation, i.e. to the data set's mean. 0 turns it off.
    /// </summary>
    public double RandomErasingProbability { get; init; }

    /// <summary>
    /// Inception-style random-resized crop for training (torchvision's <c>RandomResizedCrop</c>): a
    /// random box of <see cref="MinScale"/>–<see cref="MaxScale"/> of the area and aspect ratio
    /// <see cref="MinRatio"/>–<see cref="MaxRatio"/>, resized bilinearly to <see cref="OutputSize"/>.
    /// </summary>
    public bool RandomResizedCrop { get; init; }

    /// <summary>
    /// Side of the square images in batches; null: the data set's height and width. When smaller
    /// than the images, training takes random crops of this size and evaluation the central one.
    /// </summary>
    public int? OutputSize { get; init; }

    /// <summary>Smallest share of the image area a random-resized crop covers.</summary>
    public double MinScale { get; init; } = 0.08;

    /// <summary>Largest share of the image area a random-resized crop covers.</summary>
    public double MaxScale { get; init; } = 1.0;

    /// <summary>Smallest width/height ratio of a random-resized crop.</summary>
    public double MinRatio { get; init; } = 3.0 / 4.0;

    /// <summary>Largest width/height ratio of a random-resized crop.</summary>
    public double MaxRatio { get; init; } = 4.0 / 3.0;

    /// <summary>
    /// Per-channel statistics batches are normalised with; null: the data set's
    /// <see cref="ImageDataset.Normalization"/>, or else its own <see cref="ImageDataset.ComputeChannelStatistics"/>.
    /// </summary>
    public ChannelStatistics? Normalization { get; init; }

    /// <summary>
    /// The usual training recipe for <paramref name="dataset"/>: image folders get random-resized
    /// crops to 7/8 of the stored side (224 of 256, 56 of 64) and flips, with evaluation on the
    /// central 7/8; other data random crops with zero padding 2 (images under 32 px, as 28 px
    /// MNIST) or 4 (32 px and up, as CIFAR) and flips — except MNIST, whose digits are not
    /// mirror-symmetric.
    /// </summary>
    public static BatchLoaderOptions Recommended(ImageDataset dataset, int batchSize = 128)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Kind == DataSourceKind.ImageFolder)
        {
            int side = Math.Min(dataset.Height, dataset.Width);
            return new BatchLoaderOptions
            {
                BatchSize = batchSize,
                RandomResizedCrop = true,
                OutputSize = Math.Max(1, (int)Math.Round(side * 7.0 / 8.0, MidpointRounding.AwayFromZero)),
                FlipProbability = 0.5,
            };
        }

        return new BatchLoaderOptions
        {
            BatchSize = batchSize,
            CropPadding = Math.Min(dataset.Height, dataset.Width) < 32 ? 2 : 4,
            FlipProbability = dataset.Kind == DataSourceKind.Mnist ? 0 : 0.5,
        };
    }
}
