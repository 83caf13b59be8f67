using NetSpace.Training;
using NetSpace.Training.MultiTask;
using NetSpace.Torch.Training.MultiTask;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
using NetSpace.Detection;
using NetSpace.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Training.MultiTask;

/// <summary>
/// FBNetV5's proxy-set construction: images that carry only class labels get detection and segmentation
/// labels from trained teacher runs. Boxes are the detection teacher's decoded boxes with score ≥ the
/// threshold (after its per-class NMS), rounded outwards to whole pixels; masks are the segmentation
/// teacher's per-pixel argmax. Class labels are kept.
/// </summary>
public static class PseudoLabeler
{
    /// <summary>Labels every scene of <paramref name="images"/> (its boxes and masks, if any, are replaced).</summary>
    /// <exception cref="ArgumentException">A teacher lacks the needed head or does not take these images.</exception>
    public static SceneSplit Label(SceneSplit images, MultiTaskRun detectionTeacher, MultiTaskRun segmentationTeacher, double scoreThreshold)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(detectionTeacher);
        ArgumentNullException.ThrowIfNull(segmentationTeacher);
        Check(detectionTeacher, VisionTask.Detection, images);
        Check(segmentationTeacher, VisionTask.Segmentation, images);
        int n = images.Count, s = images.Size, plane = s * s, classes = images.Classes;
        var boxes = new SceneBox[n][];
        var masks = new byte[images.Masks.LongLength];
        Run(detectionTeacher, images, (batch, outputs) =>
        {
            var model = detectionTeacher.Model;
            int map = model.MapSize, mapPlane = map * map;
            float[] scores = outputs.Detection!.narrow(1, 0, classes).sigmoid().contiguous().data<float>().ToArray();
            float[] reg = outputs.Detection.narrow(1, classes, 4).contiguous().data<float>().ToArray();
            for (int k = 0; k < batch.Count; k++)
            {
                var decoded = CenterNetEncoding.Decode(
                    scores.AsSpan(k * classes * mapPlane, classes * mapPlane), reg.AsSpan(k * 4 * mapPlane, 4 * mapPlane),
                    classes, map, model.OutputStride, s, topK: 100, nmsIoU: detectionTeacher.Job.NmsIoU);
                boxes[batch.Indices[k]] = decoded.Where(b => b.Score >= scoreThreshold).Select(b => ToPixels(b, s)).Where(b => b.Width > 0 && b.Height > 0).ToArray();
            }
        });
        Run(segmentationTeacher, images, (batch, outputs) =>
        {
            byte[] predicted = outputs.Segmentation!.argmax(1).to_type(ScalarType.Byte).contiguous().data<byte>().ToArray();
            for (int k = 0; k < batch.Count; k++)
            {
                predicted.AsSpan(k * plane, plane).CopyTo(masks.AsSpan(batch.Indices[k] * plane, plane));
            }
        });
        return new SceneSplit(images.Images, masks, images.Labels, boxes, s, images.ClassNames);
    }

    private static void Check(MultiTaskRun teacher, VisionTask task, SceneSplit images)
    {
        if (!teacher.Job.Tasks.Contains(task))
        {
            throw new ArgumentException($"{teacher.Path}: the run has no {task.Name()} head (tasks {string.Join(",", teacher.Job.Tasks.Select(t => t.Name()))})");
        }

        if (teacher.Spec.Input.Size != images.Size || teacher.Spec.Input.Channels != 1 || teacher.Spec.Head.Classes != images.Classes)
        {
            throw new ArgumentException($"{teacher.Path}: the teacher takes {teacher.Spec.Input.Channels}×{teacher.Spec.Input.Size} px images of {teacher.Spec.Head.Classes} classes; the images are 1×{images.Size} px with {images.Classes} classes");
        }
    }

    private static void Run(MultiTaskRun teacher, SceneSplit images, Action<SceneBatch, Modules.MultiTask.MultiTaskOutputs> use)
    {
        var loader = new SceneBatchLoader(images, 128, teacher.Model.OutputStride, teacher.Result.PixelMean ?? 0, teacher.Result.PixelStd ?? 1, seed: 0);
        teacher.Model.eval();
        using var noGrad = torch.no_grad();
        foreach (var batch in loader.EvaluationBatches())
        {
            using (batch)
            using (var scope = torch.NewDisposeScope())
            {
                use(batch, teacher.Model.Forward(batch.Images));
            }
        }
    }

    private static SceneBox ToPixels(BoxPrediction b, int size)
    {
        int x0 = Math.Clamp((int)Math.Floor(b.X), 0, size - 1), y0 = Math.Clamp((int)Math.Floor(b.Y), 0, size - 1);
        int x1 = Math.Clamp((int)Math.Ceiling(b.X + b.Width), x0, size), y1 = Math.Clamp((int)Math.Ceiling(b.Y + b.Height), y0, size);
        return new SceneBox(b.Category, x0, y0, x1 - x0, y1 - y0);
    }
}
