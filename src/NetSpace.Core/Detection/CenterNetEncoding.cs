namespace NetSpace.Detection;

/// <summary>
/// CenterNet-style ("Objects as Points", Zhou et al. 2019) targets and decoding on a stride-s map.
/// An object of box (x, y, w, h) has its centre c = (x + w/2, y + h/2) in the cell ⌊c/s⌋; the target
/// heat map of its category holds an elliptical Gaussian around that cell with σ = α·(w/s)/6 and
/// α·(h/s)/6 (TTFNet's shape, α = 0.54), maximum 1 at the cell; the four regression channels at the
/// cell hold the sub-cell offset (c/s − cell) and the size (w/s, h/s), masked elsewhere.
/// Decoding keeps the 3×3 local maxima of each heat map (CenterNet's max-pool NMS), the top K by score,
/// then per-category box NMS.
/// </summary>
public static class CenterNetEncoding
{
    /// <summary>Shape factor of the Gaussians (TTFNet).</summary>
    public const double Alpha = 0.54;

    /// <summary>
    /// Writes one image's targets: <paramref name="heat"/> C×H×W, <paramref name="regression"/> 4×H×W
    /// (offset x, offset y, width, height in cells) and <paramref name="mask"/> H×W (1 at object centres).
    /// The spans must be zeroed by the caller. Boxes are (category 1…C, x, y, w, h) in pixels.
    /// </summary>
    public static void Encode(
        IEnumerable<(int Category, double X, double Y, double W, double H)> boxes,
        int classes,
        int mapSize,
        int stride,
        Span<float> heat,
        Span<float> regression,
        Span<float> mask)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        int plane = mapSize * mapSize;
        if (heat.Length != classes * plane || regression.Length != 4 * plane || mask.Length != plane)
        {
            throw new ArgumentException($"target spans must be {classes}×{plane}, 4×{plane} and {plane} long");
        }

        foreach (var (category, x, y, w, h) in boxes)
        {
            if (category < 1 || category > classes)
            {
                throw new ArgumentOutOfRangeException(nameof(boxes), category, $"category must be in 1…{classes}");
            }

            double cx = (x + (w / 2)) / stride, cy = (y + (h / 2)) / stride;
            int ix = Math.Clamp((int)Math.Floor(cx), 0, mapSize - 1), iy = Math.Clamp((int)Math.Floor(cy), 0, mapSize - 1);
            double sx = Math.Max(Alpha * w / stride / 6, 1e-3), sy = Math.Max(Alpha * h / stride / 6, 1e-3);
            var map = heat.Slice((category - 1) * plane, plane);
            int rx = Math.Min(mapSize, (int)Math.Ceiling(3 * sx)), ry = Math.Min(mapSize, (int)Math.Ceiling(3 * sy));
            for (int yy = Math.Max(0, iy - ry); yy <= Math.Min(mapSize - 1, iy + ry); yy++)
            {
                for (int xx = Math.Max(0, ix - rx); xx <= Math.Min(mapSize - 1, ix + rx); xx++)
                {
                    double dx = xx - ix, dy = yy - iy;
                    float g = (float)Math.Exp(-((dx * dx / (2 * sx * sx)) + (dy * dy / (2 * sy * sy))));
                    int k = (yy * mapSize) + xx;
                    if (g > map[k])
                    {
                        map[k] = g;
                    }
                }
            }

            int c = (iy * mapSize) + ix;
            map[c] = 1;
            regression[c] = (float)(cx - ix);
            regression[plane + c] = (float)(cy - iy);
            regression[(2 * plane) + c] = (float)(w / stride);
            regression[(3 * plane) + c] = (float)(h / stride);
            mask[c] = 1;
        }
    }

    /// <summary>
    /// Decodes one image: <paramref name="scores"/> are the C×H×W heat-map probabilities, <paramref name="regression"/>
    /// the 4×H×W predicted offsets and sizes. Keeps peaks that are maxima of their 3×3 neighbourhood (ties kept),
    /// the <paramref name="topK"/> best, boxes clipped to the image, then per-category NMS at <paramref name="nmsIoU"/>.
    /// </summary>
    public static IReadOnlyList<BoxPrediction> Decode(
        ReadOnlySpan<float> scores,
        ReadOnlySpan<float> regression,
        int classes,
        int mapSize,
        int stride,
        int imageSize,
        int topK = 100,
        double nmsIoU = 0.6)
    {
        int plane = mapSize * mapSize;
        if (scores.Length != classes * plane || regression.Length != 4 * plane)
        {
            throw new ArgumentException($"decoder inputs must be {classes}×{plane} and 4×{plane} long");
        }

        var peaks = new List<(float Score, int Class, int Cell)>();
        for (int c = 0; c < classes; c++)
        {
            var map = scores.Slice(c * plane, plane);
            for (int y = 0; y < mapSize; y++)
            {
                for (int x = 0; x < mapSize; x++)
                {
                    float v = map[(y * mapSize) + x];
                    if (v <= 0 || !IsLocalMaximum(map, mapSize, x, y, v))
                    {
                        continue;
                    }

                    peaks.Add((v, c, (y * mapSize) + x));
                }
            }
        }

        var best = peaks.OrderByDescending(p => p.Score).Take(topK);
        var boxes = new List<BoxPrediction>();
        foreach (var (score, c, cell) in best)
        {
            int ix = cell % mapSize, iy = cell / mapSize;
            double cx = (ix + regression[cell]) * stride, cy = (iy + regression[plane + cell]) * stride;
            double w = Math.Max(0, regression[(2 * plane) + cell]) * stride, h = Math.Max(0, regression[(3 * plane) + cell]) * stride;
            double x0 = Math.Clamp(cx - (w / 2), 0, imageSize), y0 = Math.Clamp(cy - (h / 2), 0, imageSize);
            double x1 = Math.Clamp(cx + (w / 2), 0, imageSize), y1 = Math.Clamp(cy + (h / 2), 0, imageSize);
            if (x1 - x0 <= 0 || y1 - y0 <= 0)
            {
                continue;
            }

            boxes.Add(new BoxPrediction(c + 1, x0, y0, x1 - x0, y1 - y0, score));
        }

        return NonMaximumSuppression.Apply(boxes, nmsIoU, topK);
    }

    private static bool IsLocalMaximum(ReadOnlySpan<float> map, int size, int x, int y, float v)
    {
        for (int yy = Math.Max(0, y - 1); yy <= Math.Min(size - 1, y + 1); yy++)
        {
            for (int xx = Math.Max(0, x - 1); xx <= Math.Min(size - 1, x + 1); xx++)
            {
                if (map[(yy * size) + xx] > v)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
