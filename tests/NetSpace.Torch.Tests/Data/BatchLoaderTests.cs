using NetSpace.Data;
using NetSpace.Torch.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Tests.Data;

public class BatchLoaderTests
{
    private const int Side = 8;

    /// <summary>count copies of one 1×8×8 image whose pixel (y, x) is 1 + 8y + x: every value says where it came from.</summary>
    private static ImageDataset Numbered(int count)
    {
        var pixels = new byte[count * Side * Side];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(1 + (i % (Side * Side)));
        }

        return new ImageDataset(pixels, new int[count], 1, Side, Side, 1);
    }

    private static int[,] Pixels(Tensor images, int k)
    {
        float[] values = images[k, 0].data<float>().ToArray();
        int h = (int)images.shape[2], w = (int)images.shape[3];
        var result = new int[h, w];
        for (int i = 0; i < h; i++)
        {
            for (int j = 0; j < w; j++)
            {
                result[i, j] = (int)Math.Round(values[(i * w) + j] * 255);
            }
        }

        return result;
    }

    /// <summary>The (dy, dx) by which output k is the numbered image shifted (zeros where it was padded), mirrored or not.</summary>
    private static (int Dy, int Dx) FindShift(int[,] output, bool mirrored)
    {
        for (int i = 0; i < Side; i++)
        {
            for (int j = 0; j < Side; j++)
            {
                int v = output[i, j];
                if (v != 0)
                {
                    int y = (v - 1) / Side, x = (v - 1) % Side;
                    return (i - y, (mirrored ? Side - 1 - j : j) - x);
                }
            }
        }

        throw new InvalidOperationException("all pixels are zero");
    }

    private static bool IsShiftedCopy(int[,] output, int dy, int dx, bool mirrored)
    {
        for (int i = 0; i < Side; i++)
        {
            for (int j = 0; j < Side; j++)
            {
                int jj = mirrored ? Side - 1 - j : j;
                int y = i - dy, x = jj - dx;
                int expected = y is >= 0 and < Side && x is >= 0 and < Side ? 1 + (Side * y) + x : 0;
                if (output[i, j] != expected)
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Fact]
    public void BatchShapesDtypesAndCounts()
    {
        var set = DataTestFiles.Random(10, 3, 8);
        var loader = new BatchLoader(set, new BatchLoaderOptions { BatchSize = 4 }, seed: 1);
        var dropping = new BatchLoader(set, new BatchLoaderOptions { BatchSize = 4, DropLast = true }, seed: 1);

        Assert.Equal(3, loader.BatchesPerEpoch);
        Assert.Equal(2, dropping.BatchesPerEpoch);
        Assert.Equal(3, dropping.EvaluationBatchCount);

        var batches = loader.TrainingBatches(0).ToList();
        Assert.Equal(3, batches.Count);
        Assert.Equal([4L, 3, 8, 8], batches[0].Images.shape);
        Assert.Equal([2L, 3, 8, 8], batches[2].Images.shape);
        Assert.Equal(ScalarType.Float32, batches[0].Images.dtype);
        Assert.Equal(ScalarType.Int64, batches[0].Labels.dtype);
        Assert.Equal([4L], batches[0].Labels.shape);
        Assert.Equal(10, batches.SelectMany(b => b.Indices).Distinct().Count());
        Assert.Equal(2, dropping.TrainingBatches(0).Count());
        Assert.Equal([2L, 3, 8, 8], loader.EvaluationBatches().Last().Images.shape);
        foreach (var b in batches)
        {
            Assert.Equal(b.Indices.Select(i => (long)set.GetLabel(i)), b.Labels.data<long>().ToArray());
            b.Dispose();
        }
    }

    [Fact]
    public void EvaluationBatchesAreInOrderUnaugmentedAndDoNotAliasTheBuffer()
    {
        var set = DataTestFiles.Random(7, 2, 4);
        var loader = new BatchLoader(
            set,
            new BatchLoaderOptions { BatchSize = 3, CropPadding = 2, FlipProbability = 1, Normalization = ChannelStatistics.Identity(2) });

        var batches = loader.EvaluationBatches().ToList(); // all kept alive while the buffer is reused

        Assert.Equal(Enumerable.Range(0, 7), batches.SelectMany(b => b.Indices));
        var expected = set.Pixels.ToArray().Select(b => b / 255f).ToArray();
        var actual = batches.SelectMany(b => b.Images.data<float>().ToArray()).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-6, $"element {i}: {actual[i]}, expected {expected[i]}");
        }

        batches.ForEach(b => b.Dispose());
    }

    [Fact]
    public void NormalisationGivesZeroMeanUnitStd()
    {
        var set = DataTestFiles.Random(64, 3, 16);
        var loader = new BatchLoader(set, new BatchLoaderOptions { BatchSize = 20 });

        using var scope = torch.NewDisposeScope();
        var all = torch.cat(loader.EvaluationBatches().Select(b => b.Images).ToList(), 0);
        var perChannel = all.transpose(0, 1).reshape(3, -1);
        var mean = perChannel.mean([1]);
        var std = (perChannel - mean.unsqueeze(1)).square().mean([1]).sqrt();

        foreach (float m in mean.data<float>().ToArray())
        {
            Assert.True(Math.Abs(m) < 1e-4, $"mean {m}");
        }

        foreach (float s in std.data<float>().ToArray())
        {
            Assert.True(Math.Abs(s - 1) < 1e-4, $"std {s}");
        }

        Assert.Equal(set.ComputeChannelStatistics(), loader.Normalization);
    }

    [Fact]
    public void DatasetNormalizationIsUsedWhenOptionsGiveNone()
    {
        var set = DataTestFiles.Random(4, 1, 4).WithNormalization(new ChannelStatistics([0.5], [0.25]));
        var loader = new BatchLoader(set, new BatchLoaderOptions { BatchSize = 4 });

        using var batch = loader.EvaluationBatch(0);

        float expected = (float)(((set.GetImage(0)[0] / 255.0) - 0.5) / 0.25);
        Assert.Equal(expected, batch.Images[0, 0, 0, 0].item<float>(), 5);
    }

    [Fact]
    public void CropMovesThePixelsByTheOffsetAndPadsWithZeros()
    {
        var loader = new BatchLoader(
            Numbered(64),
            new BatchLoaderOptions { BatchSize = 64, CropPadding = 2, Normalization = ChannelStatistics.Identity(1) },
            seed: 3);

        using var batch = loader.TrainingBatch(0, 0);

        Assert.Equal([64L, 1, Side, Side], batch.Images.shape);
        var shifts = new HashSet<(int, int)>();
        for (int k = 0; k < 64; k++)
        {
            int[,] output = Pixels(batch.Images, k);
            var (dy, dx) = FindShift(output, mirrored: false);
            Assert.InRange(dy, -2, 2);
            Assert.InRange(dx, -2, 2);
            Assert.True(IsShiftedCopy(output, dy, dx, mirrored: false), $"image {k} is not the image shifted by ({dy}, {dx})");
            shifts.Add((dy, dx));
        }

        Assert.True(shifts.Count >= 10, $"only {shifts.Count} distinct crop offsets in 64 images");
    }

    [Fact]
    public void SingleBrightPixelMovesWithTheCrop()
    {
        // One bright pixel at (3, 4) of an 8×8 image: after a crop with padding 2 it sits at (3 + dy, 4 + dx), alone.
        var pixels = new byte[32 * Side * Side];
        for (int i = 0; i < 32; i++)
        {
            pixels[(i * Side * Side) + (3 * Side) + 4] = 255;
        }

        var set = new ImageDataset(pixels, new int[32], 1, Side, Side, 1);
        var loader = new BatchLoader(set, new BatchLoaderOptions { BatchSize = 32, CropPadding = 2, Normalization = ChannelStatistics.Identity(1) }, seed: 9);

        using var batch = loader.TrainingBatch(0, 0);

        var positions = new HashSet<(int, int)>();
        for (int k = 0; k < 32; k++)
        {
            int[,] output = Pixels(batch.Images, k);
            var bright = Enumerable.Range(0, Side * Side).Where(p => output[p / Side, p % Side] != 0).ToArray();
            Assert.Single(bright);
            Assert.Equal(255, output[bright[0] / Side, bright[0] % Side]);
            int row = bright[0] / Side, col = bright[0] % Side;
            Assert.InRange(row, 1, 5);
            Assert.InRange(col, 2, 6);
            positions.Add((row, col));
        }

        Assert.True(positions.Count > 5);
    }

    [Fact]
    public void FlipMirrorsEveryRow()
    {
        var loader = new BatchLoader(Numbered(4), new BatchLoaderOptions { BatchSize = 4, FlipProbability = 1, Normalization = ChannelStatistics.Identity(1) });

        using var batch = loader.TrainingBatch(0, 0);

        for (int k = 0; k < 4; k++)
        {
            Assert.True(IsShiftedCopy(Pixels(batch.Images, k), 0, 0, mirrored: true));
        }
    }

    [Fact]
    public void NoAugmentationLeavesImagesUnchanged()
    {
        var loader = new BatchLoader(Numbered(4), new BatchLoaderOptions { BatchSize = 4, Normalization = ChannelStatistics.Identity(1) });

        using var batch = loader.TrainingBatch(5, 0);

        for (int k = 0; k < 4; k++)
        {
            Assert.True(IsShiftedCopy(Pixels(batch.Images, k), 0, 0, mirrored: false));
        }
    }

    [Fact]
    public void CropAndHalfFlipGiveBothMirroredAndPlainShiftedCopies()
    {
        var loader = new BatchLoader(
            Numbered(64),
            new BatchLoaderOptions { BatchSize = 64, CropPadding = 2, FlipProbability = 0.5, Normalization = ChannelStatistics.Identity(1) },
            seed: 4);

        using var batch = loader.TrainingBatch(1, 0);

        int mirroredCount = 0;
        for (int k = 0; k < 64; k++)
        {
            int[,] output = Pixels(batch.Images, k);
            var (dy, dx) = FindShift(output, mirrored: false);
            var (my, mx) = FindShift(output, mirrored: true);
            bool plain = IsShiftedCopy(output, dy, dx, mirrored: false);
            bool mirrored = IsShiftedCopy(output, my, mx, mirrored: true);
            Assert.True(plain || mirrored, $"image {k} is neither a shifted nor a mirrored shifted copy");
            mirroredCount += mirrored ? 1 : 0;
        }

        Assert.InRange(mirroredCount, 16, 48);
    }

    [Fact]
    public void SameSeedAndEpochGiveTheSameBatchesWhateverCameBefore()
    {
        var set = DataTestFiles.Random(40, 3, 8);
        var options = new BatchLoaderOptions { BatchSize = 8, CropPadding = 2, FlipProbability = 0.5 };
        var first = new BatchLoader(set, options, seed: 11);
        var resumed = new BatchLoader(set, options, seed: 11);

        foreach (int epoch in new[] { 0, 1, 2 })
        {
            foreach (var b in first.TrainingBatches(epoch))
            {
                b.Dispose();
            }
        }

        var a = first.TrainingBatches(3).ToList();
        var b2 = resumed.TrainingBatches(3).ToList();

        Assert.Equal(a.Count, b2.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Indices, b2[i].Indices);
            Assert.True(a[i].Images.allclose(b2[i].Images, rtol: 0, atol: 0));
            Assert.True(a[i].Labels.allclose(b2[i].Labels, rtol: 0, atol: 0));
        }

        // Resuming inside an epoch gives the same batch too.
        using (var mid = resumed.TrainingBatches(3, firstBatch: 2).First())
        {
            Assert.True(mid.Images.allclose(a[2].Images, rtol: 0, atol: 0));
        }

        a.ForEach(x => x.Dispose());
        b2.ForEach(x => x.Dispose());
    }

    [Fact]
    public void EpochOrderIsAPermutationThatChangesWithEpochAndSeed()
    {
        var set = DataTestFiles.Random(50, 1, 2);
        var loader = new BatchLoader(set, new BatchLoaderOptions { BatchSize = 8 }, seed: 2);

        int[] e0 = loader.EpochOrder(0);
        int[] e1 = loader.EpochOrder(1);

        Assert.Equal(Enumerable.Range(0, 50), e0.Order());
        Assert.Equal(Enumerable.Range(0, 50), e1.Order());
        Assert.NotEqual(e0, e1);
        Assert.Equal(e0, loader.EpochOrder(0));
        Assert.Equal(e0, new BatchLoader(set, new BatchLoaderOptions { BatchSize = 3 }, seed: 2).EpochOrder(0));
        Assert.NotEqual(e0, new BatchLoader(set, new BatchLoaderOptions { BatchSize = 8 }, seed: 3).EpochOrder(0));
        using var batch = loader.TrainingBatch(1, 0);
        Assert.Equal(e1[..8], batch.Indices);
    }

    [Fact]
    public void BatchTensorsBelongToTheCallersDisposeScope()
    {
        var loader = new BatchLoader(DataTestFiles.Random(6, 1, 4), new BatchLoaderOptions { BatchSize = 3, CropPadding = 1, FlipProbability = 0.5 });

        ImageBatch inScope;
        using (var scope = torch.NewDisposeScope())
        {
            inScope = loader.TrainingBatch(0, 0);
            Assert.False(inScope.Images.IsInvalid);
        }

        Assert.True(inScope.Images.IsInvalid);
        Assert.True(inScope.Labels.IsInvalid);
        inScope.Dispose(); // harmless after the scope

        var owned = loader.EvaluationBatch(1); // no scope: the caller owns it
        Assert.False(owned.Images.IsInvalid);
        owned.Dispose();
        Assert.True(owned.Images.IsInvalid);

        using (var scope = torch.NewDisposeScope())
        {
            var (images, labels) = loader.TrainingBatch(0, 1);
            Assert.Equal(3, images.shape[0]);
            Assert.Equal(3, labels.shape[0]);
        }
    }

    [Fact]
    public void RandomResizedCropOfTheWholeImageIsTheImageOrItsMirror()
    {
        var set = DataTestFiles.Random(6, 3, 16, kind: DataSourceKind.ImageFolder);
        var whole = new BatchLoaderOptions
        {
            BatchSize = 6,
            RandomResizedCrop = true,
            MinScale = 1,
            MaxScale = 1,
            MinRatio = 1,
            MaxRatio = 1,
            Normalization = ChannelStatistics.Identity(3),
        };

        using var plain = new BatchLoader(set, whole).TrainingBatch(0, 0);
        using var mirrored = new BatchLoader(set, whole with { FlipProbability = 1 }).TrainingBatch(0, 0);
        using var expected = torch.tensor(set.Pixels.ToArray().Select(b => b / 255f).ToArray()).view(6, 3, 16, 16).index_select(0, torch.tensor(plain.Indices.Select(i => (long)i).ToArray()));
        using var expectedMirror = torch.tensor(set.Pixels.ToArray().Select(b => b / 255f).ToArray()).view(6, 3, 16, 16).index_select(0, torch.tensor(mirrored.Indices.Select(i => (long)i).ToArray())).flip(3);

        Assert.True(plain.Images.allclose(expected, rtol: 0, atol: 1e-5));
        Assert.True(mirrored.Images.allclose(expectedMirror, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void RandomResizedCropTrainsOnCropsAndEvaluatesTheCentre()
    {
        var set = DataTestFiles.Random(10, 3, 16, kind: DataSourceKind.ImageFolder);
        var options = BatchLoaderOptions.Recommended(set, batchSize: 5) with { Normalization = ChannelStatistics.Identity(3) };
        var loader = new BatchLoader(set, options, seed: 8);

        Assert.True(options.RandomResizedCrop);
        Assert.Equal(14, options.OutputSize);
        Assert.Equal((14, 14), (loader.OutputHeight, loader.OutputWidth));
        using var train = loader.TrainingBatch(0, 0);
        Assert.Equal([5L, 3, 14, 14], train.Images.shape);
        Assert.True(train.Images.min().item<float>() >= 0 && train.Images.max().item<float>() <= 1);

        using var eval = loader.EvaluationBatch(0);
        using var full = torch.tensor(set.Pixels.ToArray().Select(b => b / 255f).ToArray()).view(10, 3, 16, 16);
        using var centre = full.narrow(0, 0, 5).narrow(2, 1, 14).narrow(3, 1, 14);
        Assert.True(eval.Images.allclose(centre, rtol: 0, atol: 1e-6));

        // Different epochs crop differently.
        using var other = loader.TrainingBatch(1, 0);
        Assert.False(other.Images.allclose(train.Images));
    }

    [Fact]
    public void RecommendedOptionsFollowTheDataSet()
    {
        var fashion = BatchLoaderOptions.Recommended(DataTestFiles.Random(2, 1, 28, kind: DataSourceKind.FashionMnist));
        var mnist = BatchLoaderOptions.Recommended(DataTestFiles.Random(2, 1, 28, kind: DataSourceKind.Mnist));
        var cifar = BatchLoaderOptions.Recommended(DataTestFiles.Random(2, 3, 32, kind: DataSourceKind.Cifar10));
        var folder = BatchLoaderOptions.Recommended(DataTestFiles.Random(2, 3, 64, kind: DataSourceKind.ImageFolder));

        Assert.Equal((2, 0.5), (fashion.CropPadding, fashion.FlipProbability));
        Assert.Equal((2, 0.0), (mnist.CropPadding, mnist.FlipProbability));
        Assert.Equal((4, 0.5), (cifar.CropPadding, cifar.FlipProbability));
        Assert.Equal((true, 56, 0.5), (folder.RandomResizedCrop, folder.OutputSize, folder.FlipProbability));
    }

    /// <summary>The erased box of output k (zeros of a numbered image, which has none of its own), or null when nothing was erased.</summary>
    private static (int Top, int Left, int Height, int Width)? ErasedBox(int[,] output)
    {
        int top = Side, left = Side, bottom = -1, right = -1, zeros = 0;
        for (int i = 0; i < Side; i++)
        {
            for (int j = 0; j < Side; j++)
            {
                if (output[i, j] == 0)
                {
                    zeros++;
                    (top, left, bottom, right) = (Math.Min(top, i), Math.Min(left, j), Math.Max(bottom, i), Math.Max(right, j));
                }
            }
        }

        if (zeros == 0)
        {
            return null;
        }

        var box = (top, left, bottom - top + 1, right - left + 1);
        Assert.Equal(box.Item3 * box.Item4, zeros); // the zeros fill their bounding box: one rectangle
        return box;
    }

    [Fact]
    public void RandomErasingBlanksOneRectanglePerImageAndNothingElse()
    {
        var loader = new BatchLoader(Numbered(64), new BatchLoaderOptions { BatchSize = 64, RandomErasingProbability = 1, Normalization = ChannelStatistics.Identity(1) });

        using var batch = loader.TrainingBatch(0, 0);

        var boxes = new HashSet<(int, int, int, int)>();
        for (int k = 0; k < 64; k++)
        {
            var pixels = Pixels(batch.Images, k);
            var box = ErasedBox(pixels);
            if (box is not { } b)
            {
                continue; // all 10 tries can miss on an 8×8 image; rare
            }

            boxes.Add(b);
            Assert.InRange(b.Height * b.Width, 1, 30); // ⅓ of 64 pixels plus the rounding of both sides
            Assert.True(b.Height < Side && b.Width < Side);
            for (int i = 0; i < Side; i++)
            {
                for (int j = 0; j < Side; j++)
                {
                    Assert.True(pixels[i, j] == 0 || pixels[i, j] == 1 + (Side * i) + j); // the rest is untouched
                }
            }
        }

        Assert.True(boxes.Count >= 58, $"only {boxes.Count} of 64 images erased");
        Assert.True(boxes.Count > 20, "the boxes hardly vary"); // distinct boxes (HashSet): positions and shapes differ
    }

    [Fact]
    public void RandomErasingKeepsCropAndFlipDrawsAndSparesEvaluation()
    {
        var plain = new BatchLoaderOptions { BatchSize = 32, CropPadding = 2, FlipProbability = 0.5, Normalization = ChannelStatistics.Identity(1) };
        var erasing = new BatchLoader(Numbered(200), plain with { RandomErasingProbability = 0.5 }, seed: 3);
        var without = new BatchLoader(Numbered(200), plain, seed: 3);

        int erased = 0, images = 0;
        for (int b = 0; b < 6; b++)
        {
            using var x = erasing.TrainingBatch(1, b);
            using var y = without.TrainingBatch(1, b);
            for (int k = 0; k < 32; k++)
            {
                int[,] withErasing = Pixels(x.Images, k), reference = Pixels(y.Images, k);
                bool any = false;
                for (int i = 0; i < Side; i++)
                {
                    for (int j = 0; j < Side; j++)
                    {
                        // every pixel is the un-erased batch's pixel or erased: crop and flip drew the same
                        Assert.True(withErasing[i, j] == reference[i, j] || withErasing[i, j] == 0);
                        any |= withErasing[i, j] != reference[i, j];
                    }
                }

                erased += any ? 1 : 0;
                images++;
            }
        }

        Assert.InRange(erased / (double)images, 0.3, 0.65); // p = 0.5, minus boxes over padding and the rare misses

        using var evaluation = erasing.EvaluationBatch(0);
        for (int k = 0; k < 32; k++)
        {
            Assert.True(IsShiftedCopy(Pixels(evaluation.Images, k), 0, 0, mirrored: false));
        }
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        var set = DataTestFiles.Random(4, 1, 8);

        Assert.ThrowsAny<ArgumentException>(() => new BatchLoader(set, new BatchLoaderOptions { BatchSize = 0 }));
        Assert.ThrowsAny<ArgumentException>(() => new BatchLoader(set, new BatchLoaderOptions { CropPadding = -1 }));
        Assert.ThrowsAny<ArgumentException>(() => new BatchLoader(set, new BatchLoaderOptions { FlipProbability = 2 }));
        Assert.ThrowsAny<ArgumentException>(() => new BatchLoader(set, new BatchLoaderOptions { RandomErasingProbability = -0.1 }));
        Assert.ThrowsAny<ArgumentException>(() => new BatchLoader(set, new BatchLoaderOptions { OutputSize = 9 }));
        Assert.ThrowsAny<ArgumentException>(() => new BatchLoader(set, new BatchLoaderOptions { Normalization = ChannelStatistics.Identity(3) }));
        Assert.ThrowsAny<ArgumentException>(() => new BatchLoader(set, new BatchLoaderOptions { RandomResizedCrop = true, MinScale = 0 }));
    }
}
