using NetSpace.Data;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Data.MultiTask;

/// <summary>
/// One batch of scenes as tensors: normalised images B×1×S×S, class labels B, segmentation targets
/// B×S×S (int64), CenterNet targets (heat maps B×C×h×w, regression B×4×h×w, centre mask B×1×h×w), and
/// the scene indices with their boxes as they appear in the batch (flipped with the image).
/// </summary>
public sealed class SceneBatch : IDisposable
{
    /// <summary>Wraps the tensors (the batch owns them).</summary>
    public SceneBatch(Tensor images, Tensor labels, Tensor masks, Tensor heat, Tensor regression, Tensor centres, int[] indices, SceneBox[][] boxes)
    {
        Images = images;
        Labels = labels;
        Masks = masks;
        Heat = heat;
        Regression = regression;
        Centres = centres;
        Indices = indices;
        Boxes = boxes;
    }

    /// <summary>B×1×S×S normalised images.</summary>
    public Tensor Images { get; }

    /// <summary>B class labels (int64).</summary>
    public Tensor Labels { get; }

    /// <summary>B×S×S segmentation classes (int64, 0 = background).</summary>
    public Tensor Masks { get; }

    /// <summary>B×C×h×w heat-map targets.</summary>
    public Tensor Heat { get; }

    /// <summary>B×4×h×w regression targets (offset x, offset y, width, height in cells).</summary>
    public Tensor Regression { get; }

    /// <summary>B×1×h×w: 1 at object centres.</summary>
    public Tensor Centres { get; }

    /// <summary>Scene index (in its split) of each batch row.</summary>
    public int[] Indices { get; }

    /// <summary>Boxes of each row as in the batch's (possibly flipped) image.</summary>
    public SceneBox[][] Boxes { get; }

    /// <summary>Batch size.</summary>
    public int Count => Indices.Length;

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
        Masks.Dispose();
        Heat.Dispose();
        Regression.Dispose();
        Centres.Dispose();
    }
}
