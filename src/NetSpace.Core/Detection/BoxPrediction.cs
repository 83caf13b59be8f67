namespace NetSpace.Detection;

/// <summary>A detected object: category (1…C), box (x, y, width, height in pixels, COCO convention) and score.</summary>
public readonly record struct BoxPrediction(int Category, double X, double Y, double Width, double Height, double Score)
{
    /// <summary>Intersection over union of two xywh boxes (no "+1", as pycocotools).</summary>
    public static double IoU(double ax, double ay, double aw, double ah, double bx, double by, double bw, double bh)
    {
        double iw = Math.Min(ax + aw, bx + bw) - Math.Max(ax, bx);
        double ih = Math.Min(ay + ah, by + bh) - Math.Max(ay, by);
        if (iw <= 0 || ih <= 0)
        {
            return 0;
        }

        double inter = iw * ih;
        return inter / ((aw * ah) + (bw * bh) - inter);
    }

    /// <summary>IoU with another prediction's box.</summary>
    public double IoU(BoxPrediction other) => IoU(X, Y, Width, Height, other.X, other.Y, other.Width, other.Height);
}
