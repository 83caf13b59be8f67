using NetSpace.DesignSpaces;
using NetSpace.Sweeps;
using NetSpace.Training;
using NetSpace.Torch.Training;

namespace NetSpace.Tests;

/// <summary><c>netspace space refine</c>: bootstrap ranges of a RegNet sweep's best models → a space file that sweeps sample from.</summary>
public class SpaceRefineCommandTests
{
    [Fact]
    public void RefinesARegNetSweepAroundItsBestModelsIntoASampleableSpace()
    {
        using var dir = new TempDirectory();
        string store = dir.File("store.db");
        using (var trialStore = SqliteTrialStore.Open(store))
        {
            SweepCreator.Create(
                trialStore,
                new SweepDefinition { Name = "rx", Space = "regnetx", Samples = 40, Data = SweepSmallFashionMnist.Data, Stem = Specs.StemType.Small, Seed = 5 },
                DesignSpaceCatalog.Get("regnetx"),
                new Data.DataShape(28, 1, 10));

            // Known answer: the error grows with |d − 16|, so the best models are the ones of depth near 16.
            while (trialStore.ClaimNext("rx", "w", TimeSpan.FromMinutes(1), 3) is { } claim)
            {
                double error = 0.1 + (Math.Abs(claim.Spec.RegNet!.Depth - 16) * 0.02);
                Assert.True(trialStore.Complete(claim.TrialId, "w", new TrainingResult { BestTop1Error = error, FinalTop1Error = error, TestTop1Error = error, Epochs = 1 }, [new EpochMetrics { Epoch = 1 }]));
            }
        }

        // sweep best: the lowest errors first, specs written for retraining.
        var best = CliRunner.Run("sweep", "best", "rx", "--top", "3", "--out", dir.File("best"), "--store", store, "--json").AssertSuccess().Json();
        Assert.Equal(3, best.GetArrayLength());
        Assert.Equal(0.1, best[0].GetProperty("error").GetDouble(), 9);
        Assert.True(best[1].GetProperty("error").GetDouble() >= best[0].GetProperty("error").GetDouble());
        var bestSpec = Serialization.SpecJson.ReadSpecFile(best[0].GetProperty("spec_file").GetString()!);
        Assert.Equal(16, bestSpec.RegNet!.Depth);
        CliRunner.Run("sweep", "create", "empty", "--space", "regnetx", "--samples", "1", "--stem", "small", "--data", SweepSmallFashionMnist.Data, "--store", store).AssertSuccess();
        Assert.Contains("no completed trials", CliRunner.Run("sweep", "best", "empty", "--store", store).AssertUsageError(), StringComparison.Ordinal);

        string file = dir.File("refined.json");
        var result = CliRunner.Run("space", "refine", "rx", "--store", store, "--out", file, "--draws", "2000").AssertSuccess();
        Assert.Contains("regnetx-refined", result.Out, StringComparison.Ordinal);
        Assert.Contains("d   uniform [12, 28] q 1 → uniform [", result.Out, StringComparison.Ordinal);
        var refined = DesignSpaceDefinition.Load(file);
        var depth = Assert.IsType<UniformDistribution>(refined.RegNet!.Depth);
        Assert.InRange(depth.Low, 12, 16);
        Assert.InRange(depth.High, 16, 20);
        Assert.True(depth.High - depth.Low < 8, $"d refined to [{depth.Low}, {depth.High}]");

        // The refined space samples like any space file.
        CliRunner.Run("sweep", "create", "rx2", "--space", file, "--samples", "4", "--stem", "small", "--data", SweepSmallFashionMnist.Data, "--store", store).AssertSuccess();
        using var check = SqliteTrialStore.Open(store, create: false);
        Assert.All(check.GetTrials("rx2"), t => Assert.InRange(t.Spec.RegNet!.Depth, depth.Low, depth.High));

        Assert.Contains("no sweep named 'nope'", CliRunner.Run("space", "refine", "nope", "--store", store, "--out", file).AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("needs at least 8", CliRunner.Run("space", "refine", "rx2", "--store", store, "--out", file).AssertUsageError(), StringComparison.Ordinal); // nothing trained yet
        CliRunner.Run("sweep", "create", "ax", "--space", "anynetx-a", "--samples", "2", "--stem", "small", "--data", SweepSmallFashionMnist.Data, "--store", store).AssertSuccess();
        Assert.Contains("not a RegNet space", CliRunner.Run("space", "refine", "ax", "--store", store, "--out", file).AssertUsageError(), StringComparison.Ordinal);
    }
}
