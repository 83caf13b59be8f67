namespace NetSpace.Metrics;

/// <summary>
/// A confusion matrix of per-pixel classes accumulated over a data set (rows = target, columns = prediction),
/// with mean IoU (over classes that occur in the target or the prediction; background is a class) and pixel accuracy.
/// </summary>
public sealed class SegmentationConfusion
{
    private readonly long[] counts;

    /// <summary>An empty matrix for <paramref name="classes"/> classes (including background 0).</summary>
    public SegmentationConfusion(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        Classes = classes;
        counts = new long[classes * classes];
    }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Pixels counted.</summary>
    public long Pixels { get; private set; }

    /// <summary>Pixels of target class <paramref name="target"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int target, int predicted] => counts[(target * Classes) + predicted];

    /// <summary>Adds one image (or any run of pixels).</summary>
    /// <exception cref="ArgumentException">Lengths differ or a class is out of range (the message names value and index).</exception>
    public void Add(ReadOnlySpan<byte> predicted, ReadOnlySpan<byte> target)
    {
        if (predicted.Length != target.Length)
        {
            throw new ArgumentException($"{predicted.Length} predicted pixels for {target.Length} target pixels");
        }

        for (int i = 0; i < target.Length; i++)
        {
            int t = target[i], p = predicted[i];
            if (t >= Classes || p >= Classes)
            {
                throw new ArgumentException($"pixel {i}: class {(t >= Classes ? t : p)} ({(t >= Classes ? "target" : "predicted")}) is out of range for {Classes} classes");
            }

            counts[(t * Classes) + p]++;
        }

        Pixels += target.Length;
    }

    /// <summary>Adds the counts of another matrix of the same size.</summary>
    public void Merge(SegmentationConfusion other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Classes != Classes)
        {
            throw new ArgumentException($"cannot merge {other.Classes} classes into {Classes}");
        }

        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] += other.counts[i];
        }

        Pixels += other.Pixels;
    }

    /// <summary>Correct pixels / all pixels (NaN when empty).</summary>
    public double PixelAccuracy
    {
        get
        {
            long correct = 0;
            for (int c = 0; c < Classes; c++)
            {
                correct += this[c, c];
            }

            return Pixels == 0 ? double.NaN : (double)correct / Pixels;
        }
    }

    /// <summary>TP / (TP + FP + FN) of class <paramref name="c"/>; NaN when it occurs in neither target nor prediction.</summary>
    public double IoU(int c)
    {
        long tp = this[c, c], targetTotal = 0, predictedTotal = 0;
        for (int k = 0; k < Classes; k++)
        {
            targetTotal += this[c, k];
            predictedTotal += this[k, c];
        }

        long union = targetTotal + predictedTotal - tp;
        return union == 0 ? double.NaN : (double)tp / union;
    }

    /// <summary>Every class's <see cref="IoU"/> in class order, null where it is undefined (class in neither target nor prediction).</summary>
    public IReadOnlyList<double?> ClassIoUs() =>
        Enumerable.Range(0, Classes).Select(c => IoU(c) is var v && double.IsNaN(v) ? (double?)null : v).ToArray();

    /// <summary>Mean of <see cref="IoU"/> over classes where it is defined (NaN when none is).</summary>
    public double MeanIoU
    {
        get
        {
            var defined = ClassIoUs().OfType<double>().ToArray();
            return defined.Length == 0 ? double.NaN : defined.Average();
        }
    }
}
