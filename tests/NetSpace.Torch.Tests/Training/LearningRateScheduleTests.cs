using NetSpace.Training;
using NetSpace.Torch.Training;

namespace NetSpace.Tests.Training;

public class LearningRateScheduleTests
{
    [Fact]
    public void CosineWithLinearWarmupMatchesPyclsFormula()
    {
        var recipe = new TrainingRecipe { Epochs = 10, BatchSize = 256, BaseLr = 0.1, WarmupEpochs = 2, WarmupFactor = 0.1 };
        var schedule = new LearningRateSchedule(recipe, stepsPerEpoch: 100);
        Assert.Equal(0.2, recipe.PeakLr, 12);                       // 0.1 · 256/128
        Assert.Equal(0.2 * 0.1, schedule.At(0), 12);                 // warm-up starts at factor 0.1
        double cos100 = 0.5 * (1 + Math.Cos(Math.PI * 100 / 1000.0));
        Assert.Equal(0.2 * cos100 * ((0.1 * 0.5) + 0.5), schedule.At(100), 12); // half-way through warm-up
        Assert.Equal(0.2 * 0.5 * (1 + Math.Cos(Math.PI * 0.5)), schedule.At(500), 12);
        Assert.Equal(0.0, schedule.At(1000), 12);
    }

    [Fact]
    public void MinimumFactorFloorsTheCosine()
    {
        var recipe = new TrainingRecipe { Epochs = 1, BaseLr = 0.1, MinLrFactor = 0.01 };
        var schedule = new LearningRateSchedule(recipe, 10);
        Assert.Equal(0.1 * 0.01, schedule.At(10), 12);
        Assert.Equal(0.1, schedule.At(0), 12);
    }

    [Theory]
    [InlineData("epochs")]
    [InlineData("lr")]
    [InlineData("warmup-epochs")]
    public void InvalidRecipeNamesTheField(string field)
    {
        var recipe = field switch
        {
            "epochs" => new TrainingRecipe { Epochs = 0 },
            "lr" => new TrainingRecipe { BaseLr = -1 },
            _ => new TrainingRecipe { Epochs = 2, WarmupEpochs = 3 },
        };
        var ex = Assert.Throws<ArgumentException>(recipe.Validate);
        Assert.StartsWith($"recipe.{field}:", ex.Message, StringComparison.Ordinal);
    }
}
