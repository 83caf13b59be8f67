using NetSpace.Data;
using NetSpace.Torch.Data;

namespace NetSpace.Tests.Training;

/// <summary>Small learnable image sets: class k has a bright square in quadrant k, plus noise.</summary>
internal static class SyntheticData
{
    public static ImageDataset Quadrants(int count, int size, long seed)
    {
        var random = new Random((int)seed);
        var pixels = new byte[count * size * size];
        var labels = new int[count];
        int half = size / 2;
        for (int i = 0; i < count; i++)
        {
            int label = i % 4;
            labels[i] = label;
            int oy = label / 2 * half, ox = label % 2 * half;
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    bool inside = y >= oy + 1 && y < oy + half - 1 && x >= ox + 1 && x < ox + half - 1;
                    pixels[(i * size * size) + (y * size) + x] = (byte)Math.Clamp((inside ? 180 : 40) + random.Next(-30, 31), 0, 255);
                }
            }
        }

        return new ImageDataset(pixels, labels, 1, size, size, 4, source: "synthetic");
    }
}
