using NetSpace.Data;
using NetSpace.Torch.Data;
namespace NetSpace.Torch.Data;

/// <summary>What a network sees of a data set: the shape its specs are re-targeted to.</summary>
public static class DataShapes
{
    /// <summary>
    /// The training loader's output size (image folders are cropped by the recipe's augmentation), the images'
    /// channels and the number of classes, for training <paramref name="train"/> with <paramref name="recipe"/>.
    /// </summary>
    public static DataShape Of(ImageDataset train, NetSpace.Training.TrainingRecipe recipe, long seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(recipe);
        var probe = new BatchLoader(train, Training.Trainer.TrainOptions(recipe, train), seed);
        return new DataShape(probe.OutputHeight, train.Channels, train.Classes);
    }
}
