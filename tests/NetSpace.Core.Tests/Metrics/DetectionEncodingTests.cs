using NetSpace.Complexity;
using NetSpace.Detection;
using NetSpace.Specs;
using NetSpace.Zoo;
using Xunit;

namespace NetSpace.Core.Tests.Metrics;

public class DetectionEncodingTests
{
    [Fact]
    public void EncodedTargetsDecodeToTheSameBoxes()
    {
        const int classes = 3, map = 16, stride = 4;
        var heat = new float[classes * map * map];
        var reg = new float[4 * map * map];
        var mask = new float[map * map];
        var boxes = new[] { (1, 3.0, 5.0, 20.0, 14.0), (3, 30.0, 33.0, 17.0, 25.0) };
        CenterNetEncoding.Encode(boxes, classes, map, stride, heat, reg, mask);
        Assert.Equal(2, mask.Sum());
        Assert.Equal(2, heat.Count(v => v == 1f));
        var decoded = CenterNetEncoding.Decode(heat, reg, classes, map, stride, imageSize: 64, nmsIoU: 0.6);
        Assert.Equal(2, decoded.Count(d => d.Score == 1));
        foreach (var (c, x, y, w, h) in boxes)
        {
            var d = decoded.Single(b => b.Category == c && b.Score == 1);
            Assert.Equal(x, d.X, 4);
            Assert.Equal(y, d.Y, 4);
            Assert.Equal(w, d.Width, 4);
            Assert.Equal(h, d.Height, 4);
        }
    }

    [Fact]
    public void NmsDropsOverlappingBoxesOfTheSameCategoryOnly()
    {
        var boxes = new[]
        {
            new BoxPrediction(1, 0, 0, 10, 10, 0.9),
            new BoxPrediction(1, 1, 0, 10, 10, 0.8), // IoU 90/110 with the first: dropped
            new BoxPrediction(2, 1, 0, 10, 10, 0.7), // other category: kept
            new BoxPrediction(1, 30, 30, 10, 10, 0.6),
        };
        var kept = NonMaximumSuppression.Apply(boxes, 0.6);
        Assert.Equal([0.9, 0.7, 0.6], kept.Select(b => b.Score));
        Assert.Equal(4, NonMaximumSuppression.Apply(boxes, 1.0).Count);
    }

    [Fact]
    public void HeadsAreCountedLayerByLayer()
    {
        // regnetx-200mf at 64 px: stage outputs 16, 8, 4, 2 (widths 24, 56, 152, 368). Neck width 8 by hand:
        // laterals (1×1, bias) 16²·(24·8+8) + 8²·(56·8+8) + 4²·(152·8+8) + 2²·(368·8+8); smoothing 3×3 16²·9·8·8.
        var spec = ModelZoo.Get("regnetx-200mf").Retarget(size: 64, channels: 1, classes: 10);
        var heads = new DenseHeadsSpec { NeckWidth = 8, DetectionWidth = 8, SegmentationWidth = 8 };
        var cx = MultiTaskComplexity.Measure(spec, heads, VisionTasks.All);
        long laterals = (256L * ((24 * 8) + 8)) + (64L * ((56 * 8) + 8)) + (16L * ((152 * 8) + 8)) + (4L * ((368 * 8) + 8));
        Assert.Equal(laterals + (256L * 9 * 8 * 8), cx.Neck.Flops);
        Assert.Equal(4, cx.OutputStride);
        // det: 3×3 8→8, 1×1 8→10 (+bias), 1×1 8→4 (+bias) on 16×16.
        Assert.Equal(256L * ((9 * 64) + (8 * 10) + 10 + (8 * 4) + 4), cx.Detection.Flops);
        var clsOnly = MultiTaskComplexity.Measure(spec, heads, [VisionTask.Classification]);
        Assert.Equal(0, clsOnly.Neck.Flops);
        Assert.Equal(NetworkComplexity.Measure(spec), clsOnly.Total);
    }
}
