using NetSpace.Data;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
namespace NetSpace.Torch.Data.MultiTask;

/// <summary>
/// One object of a scene: its category and the tight box of its visible pixels, in pixels.
/// <see cref="Category"/> is 1…C (class index + 1), the same number the object's pixels carry in the
/// segmentation mask and the COCO <c>category_id</c>. The box covers columns X…X+Width−1 and rows Y…Y+Height−1.
/// </summary>
public readonly record struct SceneBox(int Category, int X, int Y, int Width, int Height);

/// <summary>
/// One split of a multi-task scene set in memory: N grayscale S×S images (bytes, image-major, rows),
/// N segmentation masks (0 = background, c + 1 = class c), one classification label per image
/// (class 0…C−1 of its largest object) and the boxes of each image's visible objects.
/// </summary>
public sealed class SceneSplit
{
    /// <summary>Wraps the arrays without copying (the split takes ownership); checks every size and range.</summary>
    /// <exception cref="ArgumentException">Sizes disagree or a label, mask value or box is out of range.</exception>
    public SceneSplit(byte[] images, byte[] masks, int[] labels, SceneBox[][] boxes, int size, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(masks);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(boxes);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        int n = labels.Length;
        long pixels = (long)n * size * size;
        if (images.LongLength != pixels || masks.LongLength != pixels || boxes.Length != n)
        {
            throw new ArgumentException($"{n} scenes of {size}×{size} need {pixels} image and mask bytes and {n} box lists; got {images.LongLength}, {masks.LongLength}, {boxes.Length}");
        }

        int classes = classNames.Count;
        for (int i = 0; i < n; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentException($"scene {i}: label {labels[i]} out of range for {classes} classes");
            }

            foreach (var b in boxes[i])
            {
                if (b.Category < 1 || b.Category > classes || b.Width <= 0 || b.Height <= 0 || b.X < 0 || b.Y < 0 || b.X + b.Width > size || b.Y + b.Height > size)
                {
                    throw new ArgumentException($"scene {i}: box {b} is outside the {size}×{size} image or its category is not in 1…{classes}");
                }
            }
        }

        foreach (byte m in masks)
        {
            if (m > classes)
            {
                throw new ArgumentException($"mask value {m} out of range for {classes} classes (0 = background)");
            }
        }

        Images = images;
        Masks = masks;
        Labels = labels;
        Boxes = boxes;
        Size = size;
        ClassNames = classNames;
    }

    /// <summary>Number of scenes.</summary>
    public int Count => Labels.Length;

    /// <summary>Side of the square images in pixels.</summary>
    public int Size { get; }

    /// <summary>Number of object classes C (segmentation has C + 1 classes with background).</summary>
    public int Classes => ClassNames.Count;

    /// <summary>Class names in class order (without background).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>N×S×S grayscale pixels.</summary>
    public byte[] Images { get; }

    /// <summary>N×S×S segmentation classes (0 = background, c + 1 = class c).</summary>
    public byte[] Masks { get; }

    /// <summary>Classification label (class of the largest object) per scene.</summary>
    public int[] Labels { get; }

    /// <summary>Visible objects per scene.</summary>
    public SceneBox[][] Boxes { get; }

    /// <summary>The scenes at <paramref name="indices"/>, copied, in that order.</summary>
    public SceneSplit Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int plane = Size * Size;
        var images = new byte[(long)indices.Count * plane];
        var masks = new byte[(long)indices.Count * plane];
        var labels = new int[indices.Count];
        var boxes = new SceneBox[indices.Count][];
        for (int k = 0; k < indices.Count; k++)
        {
            int i = indices[k];
            Array.Copy(Images, (long)i * plane, images, (long)k * plane, plane);
            Array.Copy(Masks, (long)i * plane, masks, (long)k * plane, plane);
            labels[k] = Labels[i];
            boxes[k] = Boxes[i];
        }

        return new SceneSplit(images, masks, labels, boxes, Size, ClassNames);
    }
}
