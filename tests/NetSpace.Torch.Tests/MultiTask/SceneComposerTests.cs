using NetSpace.Data;
using NetSpace.Torch.Data;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
using NetSpace.Tests.Training;

namespace NetSpace.Tests.MultiTask;

public class SceneComposerTests
{
    // Four 28×28 items: filled rectangles of different shapes (value 200), classes 0…3.
    internal static ImageDataset Items()
    {
        var pixels = new byte[4 * 28 * 28];
        var shapes = new[] { (2, 2, 26, 26), (10, 0, 18, 28), (0, 8, 28, 20), (6, 6, 22, 22) };
        for (int i = 0; i < 4; i++)
        {
            var (x0, y0, x1, y1) = shapes[i];
            for (int y = y0; y < y1; y++)
            {
                for (int x = x0; x < x1; x++)
                {
                    pixels[(i * 784) + (y * 28) + x] = 200;
                }
            }
        }

        return new ImageDataset(pixels, [0, 1, 2, 3], 1, 28, 28, 4, ["a", "b", "c", "d"], "synthetic");
    }

    internal static SceneSplit Compose(int count, long seed = 1, int size = 48, int maxObjects = 4) =>
        SceneComposer.Compose(Items(), count, new SceneComposerOptions { Size = size, MinScale = 10, MaxScale = 24, MaxObjects = maxObjects, Seed = seed }, stream: 0);

    [Fact]
    public void SameSeedSameScenesOtherSeedOtherScenes()
    {
        var a = Compose(20);
        var b = Compose(20);
        var c = Compose(20, seed: 2);
        Assert.Equal(a.Images, b.Images);
        Assert.Equal(a.Masks, b.Masks);
        Assert.Equal(a.Labels, b.Labels);
        Assert.NotEqual(a.Images, c.Images);
    }

    [Fact]
    public void BoxesAreTheTightBoxesOfEachCategorysMaskPixels()
    {
        var split = Compose(50);
        int s = split.Size;
        for (int i = 0; i < split.Count; i++)
        {
            Assert.InRange(split.Boxes[i].Length, 1, 4);
            for (int p = 0; p < s * s; p++)
            {
                byte m = split.Masks[(i * s * s) + p];
                Assert.Equal(m == 0, split.Images[(i * s * s) + p] == 0);
                if (m > 0)
                {
                    int x = p % s, y = p / s;
                    Assert.Contains(split.Boxes[i], b => b.Category == m && x >= b.X && x < b.X + b.Width && y >= b.Y && y < b.Y + b.Height);
                }
            }

            foreach (var b in split.Boxes[i])
            {
                // Tight: each edge row/column of the box holds a pixel of the box's category.
                bool Has(int x, int y) => split.Masks[(i * s * s) + (y * s) + x] == b.Category;
                Assert.Contains(Enumerable.Range(b.X, b.Width), x => Has(x, b.Y));
                Assert.Contains(Enumerable.Range(b.X, b.Width), x => Has(x, b.Y + b.Height - 1));
                Assert.Contains(Enumerable.Range(b.Y, b.Height), y => Has(b.X, y));
                Assert.Contains(Enumerable.Range(b.Y, b.Height), y => Has(b.X + b.Width - 1, y));
            }
        }
    }

    [Fact]
    public void SingleObjectScenesAreLabelledWithThatObject()
    {
        var split = SceneComposer.Compose(Items(), 30, new SceneComposerOptions { Size = 32, MinScale = 10, MaxScale = 20, MaxObjects = 1, Seed = 3 }, stream: 0);
        for (int i = 0; i < split.Count; i++)
        {
            var box = Assert.Single(split.Boxes[i]);
            Assert.Equal(split.Labels[i] + 1, box.Category);
        }
    }

    [Fact]
    public void EveryObjectKeepsTheRequiredVisibleShare()
    {
        // Items are solid rectangles, so an object's visible share is its mask pixels over its resized area:
        // at least MinVisible (0.4) of the smallest possible rectangle.
        var split = Compose(60);
        int s = split.Size;
        for (int i = 0; i < split.Count; i++)
        {
            foreach (var b in split.Boxes[i])
            {
                int pixels = 0;
                for (int y = b.Y; y < b.Y + b.Height; y++)
                {
                    for (int x = b.X; x < b.X + b.Width; x++)
                    {
                        pixels += split.Masks[(i * s * s) + (y * s) + x] == b.Category ? 1 : 0;
                    }
                }

                Assert.True(pixels >= 4, $"scene {i}: box {b} keeps only {pixels} pixels");
            }
        }
    }

    [Theory]
    [InlineData(0, 4, 14, 40, "objects")]
    [InlineData(1, 4, 14, 80, "scale")]
    [InlineData(3, 2, 14, 40, "objects")]
    public void BadOptionsNameTheField(int minObjects, int maxObjects, int minScale, int maxScale, string field)
    {
        var options = new SceneComposerOptions { MinObjects = minObjects, MaxObjects = maxObjects, MinScale = minScale, MaxScale = maxScale };
        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.StartsWith(field + ":", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreRoundTripsAndDetectsCorruption()
    {
        using var temp = new TempFolder();
        string dir = Path.Combine(temp.Path, "set");
        var train = Compose(30);
        var test = Compose(10, seed: 9);
        MultiTaskStore.Write(dir, new MultiTaskManifest { Items = "synthetic" }, train, test);
        var loaded = MultiTaskStore.Load(dir);
        Assert.Equal(train.Images, loaded.Train.Images);
        Assert.Equal(train.Masks, loaded.Train.Masks);
        Assert.Equal(train.Labels, loaded.Train.Labels);
        Assert.Equal(train.Boxes.SelectMany(b => b), loaded.Train.Boxes.SelectMany(b => b));
        Assert.Equal(test.Boxes.Select(b => b.Length), loaded.Test.Boxes.Select(b => b.Length));
        Assert.Equal(["a", "b", "c", "d"], loaded.Manifest.ClassNames);
        var coco = NetSpace.Metrics.CocoJson.ReadGroundTruth(Path.Combine(dir, MultiTaskStore.CocoFile("test")));
        Assert.Equal(test.Boxes.Sum(b => b.Length), coco.Annotations.Count);

        // Refuses to overwrite a non-empty folder.
        Assert.Throws<NetSpace.Training.RunFolderConflictException>(() => MultiTaskStore.Write(dir, new MultiTaskManifest(), train, test));

        // A flipped byte, a truncated file, a missing manifest: each named.
        string masks = Path.Combine(dir, "train-masks.u8");
        var bytes = File.ReadAllBytes(masks);
        bytes[5] ^= 1;
        File.WriteAllBytes(masks, bytes);
        Assert.Contains("SHA-256", Assert.Throws<MultiTaskFormatException>(() => MultiTaskStore.Load(dir)).Message, StringComparison.Ordinal);
        File.WriteAllBytes(masks, bytes[..100]);
        Assert.Contains("train-masks.u8: 100 bytes", Assert.Throws<MultiTaskFormatException>(() => MultiTaskStore.Load(dir)).Message, StringComparison.Ordinal);
        File.Delete(Path.Combine(dir, MultiTaskStore.ManifestFile));
        Assert.Contains("manifest.json: not found", Assert.Throws<MultiTaskFormatException>(() => MultiTaskStore.Load(dir)).Message, StringComparison.Ordinal);
    }
}
