using NetSpace.Metrics;
using Xunit;

namespace NetSpace.Core.Tests.Metrics;

public class SegmentationConfusionTests
{
    [Fact]
    public void ThreeClassCaseByHand()
    {
        // target:    0 0 1 1 2 2
        // predicted: 0 1 1 1 2 0
        // class 0: TP 1, FP 1 (pixel 5), FN 1 (pixel 1) → 1/3; class 1: TP 2, FP 1 → 2/3; class 2: TP 1, FN 1 → 1/2.
        var c = new SegmentationConfusion(3);
        c.Add(new byte[] { 0, 1, 1, 1, 2, 0 }, new byte[] { 0, 0, 1, 1, 2, 2 });
        Assert.Equal(1.0 / 3, c.IoU(0), 12);
        Assert.Equal(2.0 / 3, c.IoU(1), 12);
        Assert.Equal(0.5, c.IoU(2), 12);
        Assert.Equal(((1.0 / 3) + (2.0 / 3) + 0.5) / 3, c.MeanIoU, 12);
        Assert.Equal(4.0 / 6, c.PixelAccuracy, 12);
        Assert.Equal(new double?[] { c.IoU(0), c.IoU(1), c.IoU(2) }, c.ClassIoUs());
    }

    [Fact]
    public void AbsentClassIsLeftOutOfTheMean()
    {
        var c = new SegmentationConfusion(4);
        c.Add(new byte[] { 0, 1, 1 }, new byte[] { 0, 1, 1 });
        Assert.True(double.IsNaN(c.IoU(3)));
        Assert.Equal(1.0, c.MeanIoU);
        Assert.Equal(new double?[] { 1.0, 1.0, null, null }, c.ClassIoUs());
    }

    [Fact]
    public void AllBackgroundPredictions()
    {
        // 3 of 4 pixels background: IoU(0) = 3/4, IoU(1) = 0 → mean 0.375, accuracy 0.75.
        var c = new SegmentationConfusion(2);
        c.Add(new byte[4], new byte[] { 0, 0, 0, 1 });
        Assert.Equal(0.375, c.MeanIoU, 12);
        Assert.Equal(0.75, c.PixelAccuracy, 12);
    }

    [Fact]
    public void MergeAddsCountsAndOutOfRangeIsNamed()
    {
        var a = new SegmentationConfusion(2);
        var b = new SegmentationConfusion(2);
        a.Add(new byte[] { 1 }, new byte[] { 1 });
        b.Add(new byte[] { 0 }, new byte[] { 1 });
        a.Merge(b);
        Assert.Equal(2, a.Pixels);
        Assert.Equal(0.5, a.IoU(1), 12);
        var ex = Assert.Throws<ArgumentException>(() => a.Add(new byte[] { 0, 5 }, new byte[] { 0, 0 }));
        Assert.Contains("pixel 1: class 5", ex.Message, StringComparison.Ordinal);
    }
}
