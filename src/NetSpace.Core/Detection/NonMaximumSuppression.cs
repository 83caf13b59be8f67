namespace NetSpace.Detection;

/// <summary>Greedy per-category non-maximum suppression.</summary>
public static class NonMaximumSuppression
{
    /// <summary>
    /// Keeps, category by category, the highest-scoring box and drops every lower-scoring box of the
    /// same category whose IoU with a kept box exceeds <paramref name="iouThreshold"/>; returns the
    /// kept boxes by descending score (stable for ties), at most <paramref name="maxDetections"/>.
    /// A threshold ≥ 1 keeps everything.
    /// </summary>
    public static IReadOnlyList<BoxPrediction> Apply(IReadOnlyList<BoxPrediction> boxes, double iouThreshold, int maxDetections = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        var order = Enumerable.Range(0, boxes.Count).OrderByDescending(i => boxes[i].Score).ToArray();
        var kept = new List<BoxPrediction>();
        foreach (int i in order)
        {
            if (kept.Count >= maxDetections)
            {
                break;
            }

            var b = boxes[i];
            bool suppressed = false;
            if (iouThreshold < 1)
            {
                foreach (var k in kept)
                {
                    if (k.Category == b.Category && k.IoU(b) > iouThreshold)
                    {
                        suppressed = true;
                        break;
                    }
                }
            }

            if (!suppressed)
            {
                kept.Add(b);
            }
        }

        return kept;
    }
}
