using NetSpace.Data;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
using NetSpace.Detection;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Data.MultiTask;

/// <summary>
/// Batches of a <see cref="SceneSplit"/> with every task's targets. Training batches follow a seeded
/// per-epoch permutation and flip each scene horizontally with probability <paramref name="flipProbability"/>
/// (image, mask and boxes together; drawn from (seed, epoch, batch), so resumed runs see the same batches).
/// Images are normalised with the given mean and standard deviation (the training split's). With
/// <paramref name="layout"/> nhwc the 1-channel images get exact channels-last strides (the same memory, no copy).
/// </summary>
public sealed class SceneBatchLoader(SceneSplit split, int batchSize, int stride, double mean, double std, long seed, double flipProbability = 0.5, NetSpace.Training.MemoryLayout layout = NetSpace.Training.MemoryLayout.Nchw)
{
    /// <summary>The split.</summary>
    public SceneSplit Split { get; } = split ?? throw new ArgumentNullException(nameof(split));

    /// <summary>Side of the detection target maps.</summary>
    public int MapSize => (Split.Size + stride - 1) / stride;

    /// <summary>Full training batches per epoch (the last partial batch is dropped when the split has at least one full batch).</summary>
    public int BatchesPerEpoch => Split.Count >= batchSize ? Split.Count / batchSize : 1;

    /// <summary>Mean and standard deviation of the pixels (bytes scaled to [0, 1]) of <paramref name="split"/>.</summary>
    public static (double Mean, double Std) Statistics(SceneSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        double sum = 0, sumSq = 0;
        foreach (byte b in split.Images)
        {
            double v = b / 255.0;
            sum += v;
            sumSq += v * v;
        }

        double n = split.Images.LongLength;
        double m = sum / n;
        return (m, Math.Sqrt(Math.Max(1e-12, (sumSq / n) - (m * m))));
    }

    /// <summary>The training batches of <paramref name="epoch"/>: shuffled, flipped, full batches only.</summary>
    public IEnumerable<SceneBatch> TrainingBatches(int epoch)
    {
        var order = Seeds.Permutation(Split.Count, new Random(Seeds.Derive(seed, Seeds.PermutationStream, epoch)));
        int batches = BatchesPerEpoch;
        for (int b = 0; b < batches; b++)
        {
            int n = Math.Min(batchSize, Split.Count - (b * batchSize));
            var rows = order.AsSpan(b * batchSize, n).ToArray();
            var random = new Random(Seeds.Derive(seed, Seeds.AugmentationStream, epoch, b));
            var flips = rows.Select(_ => random.NextDouble() < flipProbability).ToArray();
            yield return Make(rows, flips);
        }
    }

    /// <summary>Every scene once, in order, without augmentation.</summary>
    public IEnumerable<SceneBatch> EvaluationBatches()
    {
        for (int start = 0; start < Split.Count; start += batchSize)
        {
            int n = Math.Min(batchSize, Split.Count - start);
            yield return Make(Enumerable.Range(start, n).ToArray(), new bool[n]);
        }
    }

    // One channel: N×H×W×1 memory is N×1×H×W memory; seen through a permutation it has channels-last strides.
    private Tensor Images(float[] images, int n, int s)
    {
        if (layout == NetSpace.Training.MemoryLayout.Nchw)
        {
            return torch.tensor(images, [n, 1, s, s]);
        }

        using var nhwc = torch.tensor(images, [n, s, s, 1]);
        return nhwc.permute(0, 3, 1, 2);
    }

    private SceneBatch Make(int[] rows, bool[] flips)
    {
        int s = Split.Size, plane = s * s, classes = Split.Classes, map = MapSize, mapPlane = map * map;
        int n = rows.Length;
        var images = new float[n * plane];
        var masks = new long[n * plane];
        var labels = new long[n];
        var heat = new float[n * classes * mapPlane];
        var regression = new float[n * 4 * mapPlane];
        var centres = new float[n * mapPlane];
        var boxes = new SceneBox[n][];
        float scale = (float)(1.0 / (255.0 * std)), shift = (float)(mean / std);
        for (int k = 0; k < n; k++)
        {
            int i = rows[k];
            bool flip = flips[k];
            var src = Split.Images.AsSpan(i * plane, plane);
            var msk = Split.Masks.AsSpan(i * plane, plane);
            for (int y = 0; y < s; y++)
            {
                for (int x = 0; x < s; x++)
                {
                    int from = (y * s) + (flip ? s - 1 - x : x);
                    int to = (k * plane) + (y * s) + x;
                    images[to] = (src[from] * scale) - shift;
                    masks[to] = msk[from];
                }
            }

            labels[k] = Split.Labels[i];
            boxes[k] = flip
                ? Split.Boxes[i].Select(b => b with { X = s - b.X - b.Width }).ToArray()
                : Split.Boxes[i];
            CenterNetEncoding.Encode(
                boxes[k].Select(b => (b.Category, (double)b.X, (double)b.Y, (double)b.Width, (double)b.Height)),
                classes,
                map,
                stride,
                heat.AsSpan(k * classes * mapPlane, classes * mapPlane),
                regression.AsSpan(k * 4 * mapPlane, 4 * mapPlane),
                centres.AsSpan(k * mapPlane, mapPlane));
        }

        return new SceneBatch(
            Images(images, n, s),
            torch.tensor(labels, [n]),
            torch.tensor(masks, [n, s, s]),
            torch.tensor(heat, [n, classes, map, map]),
            torch.tensor(regression, [n, 4, map, map]),
            torch.tensor(centres, [n, 1, map, map]),
            rows,
            boxes);
    }
}
