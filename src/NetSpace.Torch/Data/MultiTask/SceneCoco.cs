using NetSpace.Data;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
using NetSpace.Metrics;

namespace NetSpace.Torch.Data.MultiTask;

/// <summary>
/// COCO views of a scene split: image ids are scene index + 1, file names <c>{split}/{index:D6}.png</c>
/// (the pixels live in the binary files), annotation ids count from 1 in scene order, category ids are
/// class index + 1 with the class names, area = w·h of the visible-pixel box.
/// </summary>
public static class SceneCoco
{
    /// <summary>The split's boxes as COCO ground truth.</summary>
    public static CocoGroundTruth GroundTruth(SceneSplit split, string splitName)
    {
        ArgumentNullException.ThrowIfNull(split);
        var images = new List<CocoImage>(split.Count);
        var annotations = new List<CocoAnnotation>();
        long annotationId = 1;
        for (int i = 0; i < split.Count; i++)
        {
            images.Add(new CocoImage(ImageId(i), $"{splitName}/{i:D6}.png", split.Size, split.Size));
            foreach (var b in split.Boxes[i])
            {
                annotations.Add(new CocoAnnotation(annotationId++, ImageId(i), b.Category, [b.X, b.Y, b.Width, b.Height], (double)b.Width * b.Height, 0));
            }
        }

        var categories = split.ClassNames.Select((name, c) => new CocoCategory(c + 1, name)).ToArray();
        return new CocoGroundTruth(images, annotations, categories);
    }

    /// <summary>COCO image id of scene <paramref name="index"/>.</summary>
    public static long ImageId(int index) => index + 1L;
}
