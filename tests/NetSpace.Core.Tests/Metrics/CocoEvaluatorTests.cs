using NetSpace.Detection;
using NetSpace.Metrics;
using Xunit;

namespace NetSpace.Core.Tests.Metrics;

public class CocoEvaluatorTests
{
    private static CocoGroundTruth Truth(int images, int categories, params (long Image, int Category, double[] Box)[] boxes) =>
        new(
            Enumerable.Range(1, images).Select(i => new CocoImage(i, $"{i}.png", 64, 64)).ToArray(),
            boxes.Select((b, i) => new CocoAnnotation(i + 1, b.Image, b.Category, b.Box, b.Box[2] * b.Box[3], 0)).ToArray(),
            Enumerable.Range(1, categories).Select(c => new CocoCategory(c, $"c{c}")).ToArray());

    private static CocoDetection Det(long image, int category, double score, params double[] box) => new(image, category, box, score);

    [Fact]
    public void ThresholdsAreNumpysLinspace()
    {
        Assert.Equal(10, CocoEvaluator.IouThresholds.Count);
        Assert.Equal(0.5, CocoEvaluator.IouThresholds[0]);
        Assert.Equal(0.75, CocoEvaluator.IouThresholds[5]);
        Assert.Equal(0.95, CocoEvaluator.IouThresholds[9]);
        Assert.Equal(101, CocoEvaluator.RecallThresholds.Count);
        Assert.Equal(0.25, CocoEvaluator.RecallThresholds[25]);
        Assert.Equal(1.0, CocoEvaluator.RecallThresholds[100]);
    }

    [Theory]
    [InlineData(0, 0, 10, 10, 5, 5, 10, 10, 25.0 / 175)] // overlap 5×5, union 100 + 100 − 25
    [InlineData(0, 0, 10, 10, 0, 0, 10, 5, 0.5)]
    [InlineData(0, 0, 10, 10, 10, 0, 10, 10, 0.0)] // touching edges: no "+1", no overlap
    [InlineData(0, 0, 10, 10, 2, 2, 4, 4, 0.16)] // contained
    [InlineData(0, 0, 10, 10, 0, 0, 10, 10, 1.0)]
    public void IoUTable(double ax, double ay, double aw, double ah, double bx, double by, double bw, double bh, double expected) =>
        Assert.Equal(expected, BoxPrediction.IoU(ax, ay, aw, ah, bx, by, bw, bh), 12);

    [Fact]
    public void PerfectPredictionsScoreOne()
    {
        var gt = Truth(2, 2, (1, 1, [0, 0, 10, 10]), (1, 2, [20, 20, 15, 10]), (2, 1, [5, 5, 30, 30]));
        var dets = gt.Annotations.Select(a => Det(a.ImageId, a.CategoryId, 0.9, a.Bbox)).ToArray();
        var m = CocoEvaluator.Evaluate(gt, dets);
        Assert.Equal(1.0, m.AP, 12);
        Assert.Equal(1.0, m.AP50, 12);
        Assert.Equal(1.0, m.AP75, 12);
        Assert.Equal(1.0, m.AR, 12);
        Assert.Equal(2, m.PerCategoryAP.Count);
    }

    [Fact]
    public void NoPredictionsScoreZero()
    {
        var gt = Truth(1, 1, (1, 1, [0, 0, 10, 10]));
        var m = CocoEvaluator.Evaluate(gt, []);
        Assert.Equal(0.0, m.AP);
        Assert.Equal(0.0, m.AR);
    }

    [Fact]
    public void NoGroundTruthAtAllGivesMinusOne()
    {
        var gt = Truth(1, 1);
        Assert.Equal(-1.0, CocoEvaluator.Evaluate(gt, [Det(1, 1, 0.5, 0, 0, 5, 5)]).AP);
    }

    [Fact]
    public void LowerScoredDuplicateDoesNotLowerAP()
    {
        // d1 (0.9) takes the ground truth, d2 (0.8) is a false positive after it: rc = [1, 1], pr = [1, 0.5]:
        // every recall point finds index 0, precision 1.
        var gt = Truth(1, 1, (1, 1, [0, 0, 10, 10]));
        var m = CocoEvaluator.Evaluate(gt, [Det(1, 1, 0.9, 0, 0, 10, 10), Det(1, 1, 0.8, 0, 0, 10, 10)]);
        Assert.Equal(1.0, m.AP, 12); // 1/(1 + eps) as pycocotools: precision = tp / (tp + fp + spacing(1))
    }

    [Fact]
    public void HigherScoredFalsePositiveHalvesAP()
    {
        // FP (0.9) then TP (0.8): rc = [0, 1], pr = [0, 0.5] → monotone [0.5, 0.5]: 0.5 at every recall point.
        var gt = Truth(1, 1, (1, 1, [0, 0, 10, 10]));
        var m = CocoEvaluator.Evaluate(gt, [Det(1, 1, 0.9, 20, 20, 10, 10), Det(1, 1, 0.8, 0, 0, 10, 10)]);
        Assert.Equal(0.5, m.AP, 12);
        Assert.Equal(0.5, m.AP50, 12);
    }

    [Fact]
    public void WrongClassScoresZeroAndCategoryWithoutTruthIsExcluded()
    {
        var gt = Truth(1, 2, (1, 1, [0, 0, 10, 10]));
        var m = CocoEvaluator.Evaluate(gt, [Det(1, 2, 0.9, 0, 0, 10, 10)]);
        Assert.Equal(0.0, m.AP);
        Assert.Equal([1], m.PerCategoryAP.Keys);
    }

    [Fact]
    public void DetectionOnImageWithoutTruthIsFalsePositiveOnlyForCategoriesWithTruth()
    {
        // Image 2 has no ground truth. Its category-1 detection (0.95) ranks above image 1's true positive (0.9):
        // FP then TP → AP 0.5. Its category-2 detection is ignored (category 2 has no ground truth anywhere).
        var gt = Truth(2, 2, (1, 1, [0, 0, 10, 10]));
        var m = CocoEvaluator.Evaluate(gt, [Det(1, 1, 0.9, 0, 0, 10, 10), Det(2, 1, 0.95, 0, 0, 10, 10), Det(2, 2, 0.99, 0, 0, 10, 10)]);
        Assert.Equal(0.5, m.AP, 12);
        Assert.Single(m.PerCategoryAP);
    }

    [Fact]
    public void IoUOf0775CountsAtSixOfTenThresholds()
    {
        // IoU 7.75/10: a true positive for t = 0.50 … 0.75 (6 thresholds), a miss above.
        var gt = Truth(1, 1, (1, 1, [0, 0, 10, 10]));
        var m = CocoEvaluator.Evaluate(gt, [Det(1, 1, 0.9, 0, 0, 10, 7.75)]);
        Assert.Equal(0.6, m.AP, 12);
        Assert.Equal(1.0, m.AP50, 12);
        Assert.Equal(1.0, m.AP75, 12);
        Assert.Equal(0.6, m.AR, 12);
    }

    [Fact]
    public void HundredAndOnePointInterpolationByHand()
    {
        // 4 ground truths; detections by score: TP, FP, TP, FP.
        // tp = [1,1,2,2], fp = [0,1,1,2] → rc = [.25,.25,.5,.5], pr = [1, .5, .667, .5] → monotone [1, .667, .667, .5].
        // Recall points 0…0.25 (26 of them) → 1; 0.26…0.50 (25) → 2/3; 0.51…1 (50) → 0.
        var gt = Truth(1, 1, (1, 1, [0, 0, 10, 10]), (1, 1, [20, 0, 10, 10]), (1, 1, [40, 0, 10, 10]), (1, 1, [0, 40, 10, 10]));
        var dets = new[]
        {
            Det(1, 1, 0.9, 0, 0, 10, 10),
            Det(1, 1, 0.8, 50, 50, 5, 5),
            Det(1, 1, 0.7, 20, 0, 10, 10),
            Det(1, 1, 0.6, 55, 55, 5, 5),
        };
        var m = CocoEvaluator.Evaluate(gt, dets);
        double expected = (26 + (25 * (2.0 / 3.0))) / 101;
        Assert.Equal(expected, m.AP, 12);
        Assert.Equal(expected, m.AP50, 12);
        Assert.Equal(0.5, m.AR, 12);
    }

    [Fact]
    public void EqualIoUGoesToTheLaterGroundTruth()
    {
        // Two identical ground truths; the first detection takes the later one (pycocotools' ≥ rule), the second the earlier:
        // both match, AP 1. With maxDetections 1 only the best detection counts: recall 0.5.
        var gt = Truth(1, 1, (1, 1, [0, 0, 10, 10]), (1, 1, [0, 0, 10, 10]));
        var dets = new[] { Det(1, 1, 0.9, 0, 0, 10, 10), Det(1, 1, 0.8, 0, 0, 10, 10) };
        Assert.Equal(1.0, CocoEvaluator.Evaluate(gt, dets).AP, 12);
        Assert.Equal(0.5, CocoEvaluator.Evaluate(gt, dets, maxDetections: 1).AR, 12);
    }

    [Fact]
    public void TiedScoresKeepInputOrder()
    {
        // Same score: the FP given first ranks first (stable sort), as numpy's mergesort → AP 0.5; reversed → 1.
        var gt = Truth(1, 1, (1, 1, [0, 0, 10, 10]));
        var fp = Det(1, 1, 0.5, 30, 30, 10, 10);
        var tp = Det(1, 1, 0.5, 0, 0, 10, 10);
        Assert.Equal(0.5, CocoEvaluator.Evaluate(gt, [fp, tp]).AP, 12);
        Assert.Equal(1.0, CocoEvaluator.Evaluate(gt, [tp, fp]).AP, 12);
    }
}
