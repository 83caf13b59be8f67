namespace NetSpace.Training;

/// <summary>
/// How 4-D activations and conv weights lie in memory while a network trains or infers. The tensors keep
/// their N×C×H×W shape either way; only the strides differ, and results are equal up to float rounding.
/// </summary>
public enum MemoryLayout
{
    /// <summary>Contiguous N×C×H×W (libtorch's default): each channel's H×W plane is one block.</summary>
    Nchw,

    /// <summary>Channels-last (N×H×W×C in memory): libtorch's oneDNN kernels run faster on CPU with it.</summary>
    Nhwc,
}
