using NetSpace.Data;
using NetSpace.Torch.Data;

namespace NetSpace.Tests.Data;

public class ImageDatasetTests
{
    [Fact]
    public void SubsetCopiesTheChosenRowsInOrder()
    {
        var set = DataTestFiles.Random(10, 2, 3);

        var sub = set.Subset([7, 2, 2]);

        Assert.Equal(3, sub.Count);
        Assert.Equal([set.GetLabel(7), set.GetLabel(2), set.GetLabel(2)], sub.Labels.ToArray());
        Assert.Equal(set.GetImage(7).ToArray(), sub.GetImage(0).ToArray());
        Assert.Equal(set.GetImage(2).ToArray(), sub.GetImage(2).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Subset([10]));
    }

    [Fact]
    public void SplitIsSeededDisjointAndComplete()
    {
        var set = DataTestFiles.Random(100, 1, 2);

        var (train, holdout) = set.Split(0.2, seed: 5);
        var (train2, holdout2) = set.Split(0.2, seed: 5);
        var (_, holdout3) = set.Split(0.2, seed: 6);

        Assert.Equal(80, train.Count);
        Assert.Equal(20, holdout.Count);
        Assert.Equal(holdout.Pixels.ToArray(), holdout2.Pixels.ToArray());
        Assert.Equal(train.Pixels.ToArray(), train2.Pixels.ToArray());
        Assert.NotEqual(holdout.Pixels.ToArray(), holdout3.Pixels.ToArray());

        // Every image lands in exactly one part (images are distinct with overwhelming probability).
        var all = Enumerable.Range(0, 100).Select(i => Convert.ToHexString(set.GetImage(i))).Order().ToArray();
        var parts = Enumerable.Range(0, 80).Select(i => Convert.ToHexString(train.GetImage(i)))
            .Concat(Enumerable.Range(0, 20).Select(i => Convert.ToHexString(holdout.GetImage(i)))).Order().ToArray();
        Assert.Equal(all, parts);

        Assert.Equal(0, set.Split(0, 1).Holdout.Count);
        Assert.Equal(100, set.Split(1, 1).Holdout.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Split(1.5, 1));
    }

    [Fact]
    public void SeededSubsetIsReproducibleAndDistinct()
    {
        var set = DataTestFiles.Random(50, 1, 2);

        var a = set.SeededSubset(12, seed: 3);
        var b = set.SeededSubset(12, seed: 3);
        var c = set.SeededSubset(12, seed: 4);

        Assert.Equal(12, a.Count);
        Assert.Equal(a.Pixels.ToArray(), b.Pixels.ToArray());
        Assert.NotEqual(a.Pixels.ToArray(), c.Pixels.ToArray());
        Assert.Equal(12, Enumerable.Range(0, 12).Select(i => Convert.ToHexString(a.GetImage(i))).Distinct().Count());
        Assert.Equal(50, set.SeededSubset(50, 1).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.SeededSubset(51, 1));
    }

    [Fact]
    public void ChannelStatisticsAreExact()
    {
        // Channel 0: half 0, half 255 → mean 0.5, std 0.5. Channel 1: all 51 → mean 0.2, std 0.
        var pixels = new byte[2 * 2 * 2 * 2];
        for (int i = 0; i < 2; i++)
        {
            int o = i * 8;
            pixels[o] = 0;
            pixels[o + 1] = 255;
            pixels[o + 2] = 0;
            pixels[o + 3] = 255;
            for (int p = 4; p < 8; p++)
            {
                pixels[o + p] = 51;
            }
        }

        var set = new ImageDataset(pixels, [0, 1], 2, 2, 2, 2);
        var stats = set.ComputeChannelStatistics();

        Assert.Equal(0.5, stats.Mean[0], 12);
        Assert.Equal(0.5, stats.Std[0], 12);
        Assert.Equal(0.2, stats.Mean[1], 12);
        Assert.Equal(0.0, stats.Std[1], 12);
        Assert.Same(stats, set.ComputeChannelStatistics());
    }

    [Fact]
    public void ConstructorRejectsInconsistentInput()
    {
        Assert.Throws<ArgumentException>(() => new ImageDataset(new byte[7], [0, 1], 1, 2, 2, 2));
        Assert.Throws<ArgumentException>(() => new ImageDataset(new byte[8], [0, 2], 1, 2, 2, 2));
        Assert.Throws<ArgumentException>(() => new ImageDataset(new byte[8], [0, 1], 1, 2, 2, 2, classNames: ["a"]));
    }

    [Fact]
    public void CountPerClassCountsLabels()
    {
        var set = DataTestFiles.Random(10, 1, 2, classes: 3);

        Assert.Equal([4, 3, 3], set.CountPerClass());
    }
}
