using NetSpace.Data;
using NetSpace.Torch.Data;
namespace NetSpace.Torch.Data;

/// <summary>The training and test parts of one data set, as a catalog or reader loads them.</summary>
/// <param name="Train">The training images.</param>
/// <param name="Test">The test (or validation) images, with the same classes and image shape.</param>
public sealed record DatasetPair(ImageDataset Train, ImageDataset Test);
