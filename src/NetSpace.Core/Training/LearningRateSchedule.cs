namespace NetSpace.Training;

/// <summary>
/// pycls's learning-rate policy evaluated per step: half-period cosine from the peak to
/// peak·min-factor over the whole run, multiplied during warm-up by a factor rising linearly from
/// <see cref="TrainingRecipe.WarmupFactor"/> to 1 (pycls <c>get_epoch_lr</c>, here at step granularity).
/// </summary>
public sealed class LearningRateSchedule
{
    private readonly TrainingRecipe recipe;
    private readonly long totalSteps;
    private readonly long warmupSteps;

    /// <summary>Schedule for a run of <see cref="TrainingRecipe.Epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps.</summary>
    public LearningRateSchedule(TrainingRecipe recipe, int stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerEpoch, 1);
        this.recipe = recipe;
        totalSteps = (long)recipe.Epochs * stepsPerEpoch;
        warmupSteps = (long)Math.Round(recipe.WarmupEpochs * stepsPerEpoch);
    }

    /// <summary>Learning rate for global step <paramref name="step"/> (0-based).</summary>
    public double At(long step)
    {
        double t = Math.Clamp((double)step / totalSteps, 0, 1);
        double min = recipe.MinLrFactor;
        double lr = recipe.PeakLr * (min + ((1 - min) * 0.5 * (1 + Math.Cos(Math.PI * t))));
        if (step < warmupSteps)
        {
            double alpha = (double)step / warmupSteps;
            lr *= (recipe.WarmupFactor * (1 - alpha)) + alpha;
        }

        return lr;
    }
}
