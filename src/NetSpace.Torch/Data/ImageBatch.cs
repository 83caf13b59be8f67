using NetSpace.Data;
using NetSpace.Torch.Data;
using static TorchSharp.torch;

namespace NetSpace.Torch.Data;

/// <summary>
/// One batch from a <see cref="BatchLoader"/>: normalised images and their labels.
/// </summary>
/// <remarks>
/// Ownership: the two tensors belong to the <see cref="TorchSharp.DisposeScope"/> that was active
/// on the calling thread when the batch was built, or to the caller when none was. Build the batch
/// inside the step's <c>torch.NewDisposeScope()</c> (<see cref="BatchLoader.TrainingBatch"/>,
/// <see cref="BatchLoader.EvaluationBatch"/>), or attach it to the scope (<c>scope.Attach(batch)</c>),
/// or dispose it (<c>using var batch = …</c>). Note that a <c>foreach</c> over
/// <see cref="BatchLoader.TrainingBatches"/> builds each batch in <c>MoveNext</c>, before a scope
/// opened inside the loop body exists. The tensors never share memory with the data set or the
/// loader's buffers.
/// </remarks>
public sealed class ImageBatch : IDisposable
{
    internal ImageBatch(Tensor images, Tensor labels, int[] indices)
    {
        Images = images;
        Labels = labels;
        Indices = indices;
    }

    /// <summary>float32 images B×C×H×W, normalised per channel (contiguous or channels-last strides, as the loader's options say).</summary>
    public Tensor Images { get; }

    /// <summary>int64 labels, B of them.</summary>
    public Tensor Labels { get; }

    /// <summary>The data-set rows of the batch, in batch order.</summary>
    public IReadOnlyList<int> Indices { get; }

    /// <summary>Number of images (B).</summary>
    public int Count => Indices.Count;

    /// <summary>Lets <c>foreach (var (images, labels) in loader.TrainingBatches(epoch))</c> take the tensors apart.</summary>
    public void Deconstruct(out Tensor images, out Tensor labels)
    {
        images = Images;
        labels = Labels;
    }

    /// <summary>Disposes both tensors (harmless when a dispose scope disposes them too).</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
