using NetSpace.Training;
using NetSpace.Training.MultiTask;
using NetSpace.Torch.Training.MultiTask;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
using NetSpace.Detection;
using NetSpace.Metrics;
using NetSpace.Torch.Modules.MultiTask;
using NetSpace.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Training.MultiTask;

/// <summary>Evaluates a multi-task network on a split: top-1 error, COCO box AP (pycocotools rules) and mean IoU.</summary>
public static class MultiTaskEvaluator
{
    /// <summary>
    /// Runs the network in eval mode over every scene once and scores each task it has a head for;
    /// also returns the decoded detections (COCO results format) for writing out.
    /// </summary>
    public static (TaskMetrics Metrics, IReadOnlyList<CocoDetection> Detections) Evaluate(
        MultiTaskNetwork model, SceneBatchLoader loader, string splitName, double nmsIoU)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loader);
        var split = loader.Split;
        var tasks = model.Tasks;
        bool cls = tasks.Contains(VisionTask.Classification), det = tasks.Contains(VisionTask.Detection), seg = tasks.Contains(VisionTask.Segmentation);
        int classes = split.Classes, map = model.MapSize, plane = map * map, pixels = split.Size * split.Size;
        long correct = 0;
        var detections = new List<CocoDetection>();
        var confusion = new SegmentationConfusion(classes + 1);
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = torch.no_grad();
            foreach (var batch in loader.EvaluationBatches())
            {
                using (batch)
                using (var scope = torch.NewDisposeScope())
                {
                    var outputs = model.Forward(batch.Images);
                    if (cls)
                    {
                        correct += outputs.Logits!.argmax(1).eq(batch.Labels).sum().item<long>();
                    }

                    if (det)
                    {
                        var output = outputs.Detection!;
                        float[] scores = output.narrow(1, 0, classes).sigmoid().contiguous().data<float>().ToArray();
                        float[] reg = output.narrow(1, classes, 4).contiguous().data<float>().ToArray();
                        for (int k = 0; k < batch.Count; k++)
                        {
                            var boxes = CenterNetEncoding.Decode(
                                scores.AsSpan(k * classes * plane, classes * plane),
                                reg.AsSpan(k * 4 * plane, 4 * plane),
                                classes,
                                map,
                                model.OutputStride,
                                split.Size,
                                topK: 100,
                                nmsIoU: nmsIoU);
                            long imageId = SceneCoco.ImageId(batch.Indices[k]);
                            detections.AddRange(boxes.Select(b => new CocoDetection(imageId, b.Category, [Round(b.X), Round(b.Y), Round(b.Width), Round(b.Height)], Math.Round(b.Score, 5))));
                        }
                    }

                    if (seg)
                    {
                        byte[] predicted = outputs.Segmentation!.argmax(1).to_type(ScalarType.Byte).contiguous().data<byte>().ToArray();
                        for (int k = 0; k < batch.Count; k++)
                        {
                            confusion.Add(predicted.AsSpan(k * pixels, pixels), split.Masks.AsSpan(batch.Indices[k] * pixels, pixels));
                        }
                    }
                }
            }
        }
        finally
        {
            model.train(wasTraining);
        }

        CocoMetrics? coco = det ? CocoEvaluator.Evaluate(SceneCoco.GroundTruth(split, splitName), detections) : null;
        var metrics = new TaskMetrics
        {
            Images = split.Count,
            Top1Error = cls ? 1.0 - ((double)correct / split.Count) : null,
            AP = coco?.AP,
            AP50 = coco?.AP50,
            AP75 = coco?.AP75,
            AR100 = coco?.AR,
            MeanIoU = seg ? confusion.MeanIoU : null,
            PixelAccuracy = seg ? confusion.PixelAccuracy : null,
            ClassIoU = seg ? confusion.ClassIoUs() : null,
        };
        return (metrics, detections);
    }

    /// <summary>
    /// Trivial baselines on <paramref name="test"/>: the training split's majority class for every scene;
    /// for every ground-truth object a box of the training split's average size at the image centre with the
    /// object's own category (score 1); every pixel background.
    /// </summary>
    public static TaskMetrics Baselines(SceneSplit train, SceneSplit test, IReadOnlyCollection<VisionTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(tasks);
        int majority = train.Labels.GroupBy(l => l).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        double top1 = 1.0 - ((double)test.Labels.Count(l => l == majority) / test.Count);
        var trainBoxes = train.Boxes.SelectMany(b => b).ToArray();
        double w = trainBoxes.Length == 0 ? test.Size / 2.0 : trainBoxes.Average(b => b.Width);
        double h = trainBoxes.Length == 0 ? test.Size / 2.0 : trainBoxes.Average(b => b.Height);
        double x = (test.Size - w) / 2, y = (test.Size - h) / 2;
        var detections = new List<CocoDetection>();
        for (int i = 0; i < test.Count; i++)
        {
            detections.AddRange(test.Boxes[i].Select(b => new CocoDetection(SceneCoco.ImageId(i), b.Category, [x, y, w, h], 1.0)));
        }

        var coco = CocoEvaluator.Evaluate(SceneCoco.GroundTruth(test, "test"), detections);
        var confusion = new SegmentationConfusion(test.Classes + 1);
        var background = new byte[test.Size * test.Size];
        for (int i = 0; i < test.Count; i++)
        {
            confusion.Add(background, test.Masks.AsSpan(i * background.Length, background.Length));
        }

        return new TaskMetrics
        {
            Images = test.Count,
            Top1Error = tasks.Contains(VisionTask.Classification) ? top1 : null,
            AP = tasks.Contains(VisionTask.Detection) ? coco.AP : null,
            AP50 = tasks.Contains(VisionTask.Detection) ? coco.AP50 : null,
            AP75 = tasks.Contains(VisionTask.Detection) ? coco.AP75 : null,
            AR100 = tasks.Contains(VisionTask.Detection) ? coco.AR : null,
            MeanIoU = tasks.Contains(VisionTask.Segmentation) ? confusion.MeanIoU : null,
            PixelAccuracy = tasks.Contains(VisionTask.Segmentation) ? confusion.PixelAccuracy : null,
        };
    }

    private static double Round(double v) => Math.Round(v, 2);
}
