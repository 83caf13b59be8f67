using NetSpace.Detection;

namespace NetSpace.Metrics;

/// <summary>COCO box metrics (area range "all").</summary>
public sealed record CocoMetrics
{
    /// <summary>AP averaged over IoU 0.50:0.05:0.95, 101 recall points and categories (−1 when no category has ground truth).</summary>
    public double AP { get; init; }

    /// <summary>AP at IoU 0.50.</summary>
    public double AP50 { get; init; }

    /// <summary>AP at IoU 0.75.</summary>
    public double AP75 { get; init; }

    /// <summary>Recall with at most maxDets detections per image, averaged over IoU thresholds and categories (AR@100).</summary>
    public double AR { get; init; }

    /// <summary>AP of each category with ground truth (category id → AP).</summary>
    public IReadOnlyDictionary<int, double> PerCategoryAP { get; init; } = new Dictionary<int, double>();

    /// <summary>Images of the ground truth.</summary>
    public int Images { get; init; }

    /// <summary>Ground-truth boxes.</summary>
    public int GroundTruth { get; init; }

    /// <summary>Detections given.</summary>
    public int Detections { get; init; }
}

/// <summary>
/// COCO box AP exactly as pycocotools' <c>COCOeval</c> (iouType "bbox", area range "all", one maxDets value):
/// per (image, category) the detections sorted by score (stable) and cut to maxDets, greedy matching per IoU
/// threshold (a later ground truth with equal IoU replaces an earlier one), per category the detections of all
/// images (in image-id order) merged by score (stable), precision made monotone, sampled at 101 recall points.
/// Categories without ground truth are left out of the means; pairs with neither ground truth nor detections
/// are skipped, so detections of a category on images without its ground truth count as false positives only
/// when the category has ground truth somewhere.
/// </summary>
public static class CocoEvaluator
{
    private const double AreaMax = 1e5 * 1e5; // pycocotools' "all" area range is [0, 1e5²]

    /// <summary>IoU thresholds: numpy's <c>linspace(0.5, 0.95, 10)</c>, bit for bit.</summary>
    public static IReadOnlyList<double> IouThresholds { get; } = Linspace(0.5, 0.95, 10);

    /// <summary>Recall points: numpy's <c>linspace(0, 1, 101)</c>, bit for bit.</summary>
    public static IReadOnlyList<double> RecallThresholds { get; } = Linspace(0.0, 1.0, 101);

    /// <summary>Evaluates <paramref name="detections"/> against <paramref name="gt"/>.</summary>
    public static CocoMetrics Evaluate(CocoGroundTruth gt, IReadOnlyList<CocoDetection> detections, int maxDetections = 100)
    {
        ArgumentNullException.ThrowIfNull(gt);
        ArgumentNullException.ThrowIfNull(detections);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDetections);
        int T = IouThresholds.Count, R = RecallThresholds.Count;
        var imageIds = gt.Images.Select(i => i.Id).Distinct().Order().ToArray();
        var categoryIds = gt.Categories.Select(c => c.Id).Distinct().Order().ToArray();
        var gts = gt.Annotations.GroupBy(a => (a.ImageId, a.CategoryId)).ToDictionary(g => g.Key, g => g.ToArray());
        var dts = detections.GroupBy(d => (d.ImageId, d.CategoryId)).ToDictionary(g => g.Key, g => g.ToArray());

        var precision = new double[T, R, categoryIds.Length];
        var recall = new double[T, categoryIds.Length];
        for (int k = 0; k < categoryIds.Length; k++)
        {
            var scores = new List<double>();
            var matched = new List<bool[]>();
            var ignored = new List<bool[]>();
            int npig = 0;
            bool any = false;
            foreach (long image in imageIds)
            {
                var g = gts.GetValueOrDefault((image, categoryIds[k])) ?? [];
                var d = dts.GetValueOrDefault((image, categoryIds[k])) ?? [];
                if (g.Length == 0 && d.Length == 0)
                {
                    continue;
                }

                any = true;
                var result = EvaluateImage(g, d, maxDetections);
                npig += result.GtIgnore.Count(ig => !ig);
                scores.AddRange(result.Scores);
                matched.Add(result.Matched);
                ignored.Add(result.Ignored);
            }

            if (!any || npig == 0)
            {
                for (int t = 0; t < T; t++)
                {
                    recall[t, k] = -1;
                    for (int r = 0; r < R; r++)
                    {
                        precision[t, r, k] = -1;
                    }
                }

                continue;
            }

            int nd = scores.Count;
            var order = Enumerable.Range(0, nd).OrderByDescending(i => scores[i]).ToArray(); // stable, like mergesort
            var allMatched = Flatten(matched, T, nd);
            var allIgnored = Flatten(ignored, T, nd);
            for (int t = 0; t < T; t++)
            {
                var rc = new double[nd];
                var pr = new double[nd];
                double tp = 0, fp = 0;
                for (int j = 0; j < nd; j++)
                {
                    int i = order[j];
                    if (!allIgnored[t, i])
                    {
                        if (allMatched[t, i])
                        {
                            tp++;
                        }
                        else
                        {
                            fp++;
                        }
                    }

                    rc[j] = tp / npig;
                    pr[j] = tp / (fp + tp + NumpySpacing1);
                }

                recall[t, k] = nd > 0 ? rc[^1] : 0;
                for (int i = nd - 1; i > 0; i--)
                {
                    if (pr[i] > pr[i - 1])
                    {
                        pr[i - 1] = pr[i];
                    }
                }

                for (int r = 0; r < R; r++)
                {
                    int pi = SearchSortedLeft(rc, RecallThresholds[r]);
                    precision[t, r, k] = pi < nd ? pr[pi] : 0;
                }
            }
        }

        double Mean(Func<int, int, int, double> at, int ts, int t0, int rs, int ks, int k0)
        {
            double sum = 0;
            long n = 0;
            for (int t = t0; t < t0 + ts; t++)
            {
                for (int r = 0; r < rs; r++)
                {
                    for (int k = k0; k < k0 + ks; k++)
                    {
                        double v = at(t, r, k);
                        if (v > -1)
                        {
                            sum += v;
                            n++;
                        }
                    }
                }
            }

            return n == 0 ? -1 : sum / n;
        }

        double P(int t, int r, int k) => precision[t, r, k];
        double Rc(int t, int r, int k) => recall[t, k];
        int K = categoryIds.Length;
        int t50 = IndexOf(0.5), t75 = IndexOf(0.75);
        var perCategory = new Dictionary<int, double>();
        for (int k = 0; k < K; k++)
        {
            if (recall[0, k] > -1)
            {
                perCategory[categoryIds[k]] = Mean(P, T, 0, R, 1, k);
            }
        }

        return new CocoMetrics
        {
            AP = Mean(P, T, 0, R, K, 0),
            AP50 = Mean(P, 1, t50, R, K, 0),
            AP75 = Mean(P, 1, t75, R, K, 0),
            AR = Mean(Rc, T, 0, 1, K, 0),
            PerCategoryAP = perCategory,
            Images = imageIds.Length,
            GroundTruth = gt.Annotations.Count,
            Detections = detections.Count,
        };
    }

    /// <summary>numpy's <c>linspace(start, stop, num)</c> with its exact arithmetic: i·((stop−start)/(num−1)) + start, last = stop.</summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        double step = (stop - start) / (num - 1);
        var y = new double[num];
        for (int i = 0; i < num; i++)
        {
            y[i] = (i * step) + start;
        }

        y[^1] = stop;
        return y;
    }

    // numpy.spacing(1): the gap between 1 and the next double.
    private const double NumpySpacing1 = 2.220446049250313e-16;

    private static (double[] Scores, bool[] Matched, bool[] Ignored, bool[] GtIgnore) EvaluateImage(CocoAnnotation[] gtIn, CocoDetection[] dtIn, int maxDetections)
    {
        int T = IouThresholds.Count;

        // Ground truth outside the area range is "ignore"; pycocotools puts ignored ground truth last (stable).
        var gtIgnoreIn = gtIn.Select(g => g.Area < 0 || g.Area > AreaMax).ToArray();
        var gOrder = Enumerable.Range(0, gtIn.Length).OrderBy(i => gtIgnoreIn[i] ? 1 : 0).ToArray();
        var gt = gOrder.Select(i => gtIn[i]).ToArray();
        var gtIgnore = gOrder.Select(i => gtIgnoreIn[i]).ToArray();
        var dt = Enumerable.Range(0, dtIn.Length).OrderByDescending(i => dtIn[i].Score).Take(maxDetections).Select(i => dtIn[i]).ToArray();
        var ious = new double[dt.Length, gt.Length];
        for (int d = 0; d < dt.Length; d++)
        {
            for (int g = 0; g < gt.Length; g++)
            {
                var a = dt[d].Bbox;
                var b = gt[g].Bbox;
                ious[d, g] = BoxPrediction.IoU(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]);
            }
        }

        var matched = new bool[T * dt.Length];
        var ignored = new bool[T * dt.Length];
        for (int t = 0; t < T; t++)
        {
            var gtTaken = new bool[gt.Length];
            for (int d = 0; d < dt.Length; d++)
            {
                double best = Math.Min(IouThresholds[t], 1 - 1e-10);
                int m = -1;
                for (int g = 0; g < gt.Length; g++)
                {
                    if (gtTaken[g])
                    {
                        continue;
                    }

                    if (m > -1 && !gtIgnore[m] && gtIgnore[g])
                    {
                        break;
                    }

                    if (ious[d, g] < best)
                    {
                        continue;
                    }

                    best = ious[d, g];
                    m = g;
                }

                if (m == -1)
                {
                    // An unmatched detection outside the area range is ignored.
                    double area = dt[d].Bbox[2] * dt[d].Bbox[3];
                    ignored[(t * dt.Length) + d] = area < 0 || area > AreaMax;
                    continue;
                }

                gtTaken[m] = true;
                matched[(t * dt.Length) + d] = true;
                ignored[(t * dt.Length) + d] = gtIgnore[m];
            }
        }

        return (dt.Select(d => d.Score).ToArray(), matched, ignored, gtIgnore);
    }

    // Concatenates per-image T×n flags (row-major per image) into one T×N array in image order.
    private static bool[,] Flatten(List<bool[]> parts, int T, int total)
    {
        var all = new bool[T, total];
        int offset = 0;
        foreach (var part in parts)
        {
            int n = part.Length / T;
            for (int t = 0; t < T; t++)
            {
                for (int i = 0; i < n; i++)
                {
                    all[t, offset + i] = part[(t * n) + i];
                }
            }

            offset += n;
        }

        return all;
    }

    // numpy.searchsorted(a, v, side='left'): the first index with a[i] >= v (a is non-decreasing).
    private static int SearchSortedLeft(double[] a, double v)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static int IndexOf(double threshold)
    {
        for (int i = 0; i < IouThresholds.Count; i++)
        {
            if (IouThresholds[i] == threshold)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"IoU threshold {threshold} is not one of the evaluated thresholds");
    }
}
