using NetSpace.Data;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
namespace NetSpace.Torch.Data.MultiTask;

/// <summary>
/// Composes multi-task scenes from real item images (e.g. Fashion-MNIST): each scene places
/// MinObjects…MaxObjects items, each resized (bilinear) to a random side in MinScale…MaxScale, at random
/// positions on a black canvas; later items occlude earlier ones where their foreground (pixels ≥ Threshold)
/// lies. A placement that would leave any object (earlier or new) with less than MinVisible of its own
/// foreground visible is retried, and after <see cref="SceneComposerOptions.Attempts"/> tries the object is
/// dropped. Labels: the mask holds each visible pixel's owner class + 1; each object's box is the tight box of
/// its visible pixels; the scene's class is that of the object with the most foreground pixels (before
/// occlusion; ties go to the earlier object). Scene i draws from its own stream seeded by (seed, split, i),
/// so the result does not depend on the number of threads.
/// </summary>
public static class SceneComposer
{
    /// <summary>Composes <paramref name="count"/> scenes from <paramref name="items"/> (grayscale).</summary>
    /// <param name="items">Source images (1 channel) with class labels and names.</param>
    /// <param name="count">Number of scenes.</param>
    /// <param name="options">Composition settings.</param>
    /// <param name="stream">Distinguishes splits composed with the same seed (e.g. 0 = train, 1 = test).</param>
    /// <param name="progress">Receives the number of scenes done, now and then.</param>
    public static SceneSplit Compose(ImageDataset items, int count, SceneComposerOptions options, long stream, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (items.Channels != 1)
        {
            throw new ArgumentException($"{items.Source}: scenes are composed from grayscale items, these have {items.Channels} channels", nameof(items));
        }

        if (items.Count == 0)
        {
            throw new ArgumentException($"{items.Source}: no items to compose scenes from", nameof(items));
        }

        if (items.Classes > 254)
        {
            throw new ArgumentException($"{items.Source}: {items.Classes} classes do not fit a byte mask", nameof(items));
        }

        int s = options.Size, plane = s * s;
        var images = new byte[(long)count * plane];
        var masks = new byte[(long)count * plane];
        var labels = new int[count];
        var boxes = new SceneBox[count][];
        int done = 0;
        Parallel.For(0, count, i =>
        {
            var random = new Random(Seeds.Derive(options.Seed, stream, i));
            (labels[i], boxes[i]) = ComposeOne(items, options, random, images.AsSpan(i * plane, plane), masks.AsSpan(i * plane, plane));
            int n = Interlocked.Increment(ref done);
            if (progress is not null && (n % 1000 == 0 || n == count))
            {
                progress.Report(n);
            }
        });
        var names = items.ClassNames ?? Enumerable.Range(0, items.Classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new SceneSplit(images, masks, labels, boxes, s, names);
    }

    /// <summary>Resizes a square grayscale image bilinearly (pixel centres aligned, edges clamped).</summary>
    public static byte[] Resize(ReadOnlySpan<byte> source, int sourceSize, int size)
    {
        var output = new byte[size * size];
        double scale = (double)sourceSize / size;
        for (int y = 0; y < size; y++)
        {
            double sy = Math.Clamp(((y + 0.5) * scale) - 0.5, 0, sourceSize - 1);
            int y0 = (int)sy, y1 = Math.Min(y0 + 1, sourceSize - 1);
            double fy = sy - y0;
            for (int x = 0; x < size; x++)
            {
                double sx = Math.Clamp(((x + 0.5) * scale) - 0.5, 0, sourceSize - 1);
                int x0 = (int)sx, x1 = Math.Min(x0 + 1, sourceSize - 1);
                double fx = sx - x0;
                double top = (source[(y0 * sourceSize) + x0] * (1 - fx)) + (source[(y0 * sourceSize) + x1] * fx);
                double bottom = (source[(y1 * sourceSize) + x0] * (1 - fx)) + (source[(y1 * sourceSize) + x1] * fx);
                output[(y * size) + x] = (byte)Math.Round((top * (1 - fy)) + (bottom * fy), MidpointRounding.ToEven);
            }
        }

        return output;
    }

    private static (int Label, SceneBox[] Boxes) ComposeOne(ImageDataset items, SceneComposerOptions o, Random random, Span<byte> canvas, Span<byte> mask)
    {
        int s = o.Size;
        var owner = new int[s * s];
        Array.Fill(owner, -1);
        var objects = new List<(int Class, int Foreground, int X, int Y, int Side)>();
        int k = o.MinObjects + random.Next(o.MaxObjects - o.MinObjects + 1);
        int itemSide = items.Height;
        for (int j = 0; j < k; j++)
        {
            int item = random.Next(items.Count);
            int side = o.MinScale + random.Next(o.MaxScale - o.MinScale + 1);
            var resized = Resize(items.GetImage(item), itemSide, side);
            int foreground = resized.Count(v => v >= o.Threshold);
            if (foreground == 0)
            {
                continue;
            }

            for (int attempt = 0; attempt < o.Attempts; attempt++)
            {
                int x = random.Next(s - side + 1), y = random.Next(s - side + 1);
                if (!Fits(objects, owner, resized, side, x, y, s, o))
                {
                    continue;
                }

                int id = objects.Count;
                for (int dy = 0; dy < side; dy++)
                {
                    for (int dx = 0; dx < side; dx++)
                    {
                        byte v = resized[(dy * side) + dx];
                        if (v >= o.Threshold)
                        {
                            int p = ((y + dy) * s) + x + dx;
                            canvas[p] = v;
                            owner[p] = id;
                        }
                    }
                }

                objects.Add((items.GetLabel(item), foreground, x, y, side));
                break;
            }
        }

        var boxes = new List<SceneBox>();
        var (minX, minY, maxX, maxY) = (new int[objects.Count], new int[objects.Count], new int[objects.Count], new int[objects.Count]);
        Array.Fill(minX, int.MaxValue);
        Array.Fill(minY, int.MaxValue);
        Array.Fill(maxX, -1);
        Array.Fill(maxY, -1);
        for (int p = 0; p < owner.Length; p++)
        {
            int id = owner[p];
            if (id < 0)
            {
                continue;
            }

            mask[p] = (byte)(objects[id].Class + 1);
            int px = p % s, py = p / s;
            minX[id] = Math.Min(minX[id], px);
            minY[id] = Math.Min(minY[id], py);
            maxX[id] = Math.Max(maxX[id], px);
            maxY[id] = Math.Max(maxY[id], py);
        }

        int label = items.GetLabel(0);
        int largest = -1;
        for (int id = 0; id < objects.Count; id++)
        {
            boxes.Add(new SceneBox(objects[id].Class + 1, minX[id], minY[id], maxX[id] - minX[id] + 1, maxY[id] - minY[id] + 1));
            if (objects[id].Foreground > largest)
            {
                largest = objects[id].Foreground;
                label = objects[id].Class;
            }
        }

        return (label, boxes.ToArray());
    }

    // Whether painting the new object at (x, y) keeps every object, itself included, at least MinVisible visible.
    private static bool Fits(List<(int Class, int Foreground, int X, int Y, int Side)> objects, int[] owner, byte[] resized, int side, int x, int y, int s, SceneComposerOptions o)
    {
        var covered = new int[objects.Count];
        int own = 0;
        for (int dy = 0; dy < side; dy++)
        {
            for (int dx = 0; dx < side; dx++)
            {
                if (resized[(dy * side) + dx] < o.Threshold)
                {
                    continue;
                }

                own++;
                int id = owner[((y + dy) * s) + x + dx];
                if (id >= 0)
                {
                    covered[id]++;
                }
            }
        }

        if (own == 0)
        {
            return false;
        }

        var visible = new int[objects.Count];
        foreach (int id in owner)
        {
            if (id >= 0)
            {
                visible[id]++;
            }
        }

        for (int id = 0; id < objects.Count; id++)
        {
            if (visible[id] - covered[id] < o.MinVisible * objects[id].Foreground)
            {
                return false;
            }
        }

        return true;
    }
}
