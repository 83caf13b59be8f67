namespace NetSpace.Training;

/// <summary>
/// How a network is trained: pycls's recipe by default (SGD, momentum 0.9, weight decay 5e-5,
/// lr 0.1 per 128 images, half-period cosine with linear warm-up). Stored with every run and trial.
/// </summary>
public sealed record TrainingRecipe
{
    /// <summary>Number of epochs.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Mini-batch size.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Reference learning rate for a batch of 128; the actual lr is <see cref="BaseLr"/>·batch/128.</summary>
    public double BaseLr { get; init; } = 0.1;

    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Use Nesterov momentum.</summary>
    public bool Nesterov { get; init; }

    /// <summary>Weight decay (L2), applied to every parameter as pycls does.</summary>
    public double WeightDecay { get; init; } = 5e-5;

    /// <summary>Linear warm-up length in epochs (may be fractional; 0 = none).</summary>
    public double WarmupEpochs { get; init; }

    /// <summary>Learning-rate factor at the start of the warm-up (pycls <c>WARMUP_FACTOR</c> = 0.1).</summary>
    public double WarmupFactor { get; init; } = 0.1;

    /// <summary>Final lr as a fraction of the peak for the cosine schedule (pycls <c>MIN_LR</c> = 0).</summary>
    public double MinLrFactor { get; init; }

    /// <summary>Label smoothing ε (0 = plain cross-entropy).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>EMA decay per step (0 = no EMA). pycls's default update corresponds to about 0.9998 at batch 128.</summary>
    public double EmaDecay { get; init; }

    /// <summary>
    /// Zero the γ of each residual block's last BN so blocks start as the identity (pycls
    /// <c>BN.ZERO_INIT_FINAL_GAMMA</c>, Goyal et al. 2017). On by default here, off in pycls's defaults:
    /// without it regnetx-200mf on 28 px images diverges in its first steps at lr 0.1.
    /// </summary>
    public bool ZeroInitFinalGamma { get; init; } = true;

    /// <summary>
    /// Evaluate the test set only after the last epoch. With a held-out validation split, selection uses validation
    /// and the per-epoch test pass only fed curves (it costs about 40% of a small sweep trial); without one (a final
    /// training of an already chosen model) the test set is read once, at the end, and the result reports that last
    /// epoch (best = final).
    /// </summary>
    public bool TestAtEndOnly { get; init; }

    /// <summary>
    /// Never evaluate the test set: the run is selected and reported on its validation split only (a study's
    /// populations, rungs and recipe choices, whose test errors no step may read). Needs a validation split; the
    /// result's test errors are then absent.
    /// </summary>
    public bool NoTest { get; init; }

    /// <summary>Whether the test set is evaluated after epoch <paramref name="epoch"/> (0-based): see <see cref="TestAtEndOnly"/> and <see cref="NoTest"/>.</summary>
    public bool TestsAfter(int epoch) => !NoTest && (!TestAtEndOnly || epoch == Epochs - 1);

    /// <summary>Throws when the recipe never evaluates the test set and the run has no validation split to select and score it on.</summary>
    public void CheckSelectable(bool hasValidation)
    {
        if (NoTest && !hasValidation)
        {
            throw new InvalidOperationException("recipe.no_test: the run has no validation split, so nothing would select or score it; give it one (val_split) or drop no_test");
        }
    }

    /// <summary>Random-crop zero padding in pixels (0 = no crop augmentation).</summary>
    public int CropPadding { get; init; } = 2;

    /// <summary>Probability of a horizontal flip during training.</summary>
    public double FlipProbability { get; init; } = 0.5;

    /// <summary>
    /// Probability of random erasing during training (one rectangle of 2%–⅓ of the image set to the data set's
    /// mean; Zhong et al. 2017, timm's <c>--reprob</c>); 0 = off.
    /// </summary>
    public double RandomErasing { get; init; }

    /// <summary>
    /// Memory layout of activations and conv weights during training and evaluation (channels-last by default:
    /// measured faster on CPU; an execution setting like threads, not part of the model: checkpoints are written
    /// in the standard layout and load under either).
    /// </summary>
    public MemoryLayout Layout { get; init; } = MemoryLayout.Nhwc;

    /// <summary>
    /// The number format of activations and convolutions (<see cref="Training.Precision"/>): float32 by default, or
    /// bfloat16 mixed precision (weights, optimizer state and checkpoints stay float32). Unlike the layout it
    /// changes the arithmetic, so results differ from a float32 run's by more than rounding order.
    /// </summary>
    public Precision Precision { get; init; } = Precision.Fp32;

    /// <summary>The actual peak learning rate: <see cref="BaseLr"/>·batch/128 (pycls's linear scaling).</summary>
    public double PeakLr => BaseLr * BatchSize / 128.0;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        Check(Epochs >= 1, "epochs", $"{Epochs} must be ≥ 1");
        Check(BatchSize >= 1, "batch", $"{BatchSize} must be ≥ 1");
        Check(BaseLr > 0 && double.IsFinite(BaseLr), "lr", $"{BaseLr} must be > 0");
        Check(Momentum is >= 0 and < 1, "momentum", $"{Momentum} must be in [0, 1)");
        Check(WeightDecay >= 0, "weight-decay", $"{WeightDecay} must be ≥ 0");
        Check(WarmupEpochs >= 0 && WarmupEpochs <= Epochs, "warmup-epochs", $"{WarmupEpochs} must be in [0, epochs]");
        Check(WarmupFactor is > 0 and <= 1, "warmup-factor", $"{WarmupFactor} must be in (0, 1]");
        Check(MinLrFactor is >= 0 and < 1, "min-lr-factor", $"{MinLrFactor} must be in [0, 1)");
        Check(LabelSmoothing is >= 0 and < 1, "label-smoothing", $"{LabelSmoothing} must be in [0, 1)");
        Check(EmaDecay is >= 0 and < 1, "ema-decay", $"{EmaDecay} must be in [0, 1)");
        Check(CropPadding >= 0, "crop-padding", $"{CropPadding} must be ≥ 0");
        Check(FlipProbability is >= 0 and <= 1, "flip", $"{FlipProbability} must be in [0, 1]");
        Check(RandomErasing is >= 0 and <= 1, "random-erasing", $"{RandomErasing} must be in [0, 1]");
    }

    private static void Check(bool ok, string field, string message)
    {
        if (!ok)
        {
            throw new ArgumentException($"recipe.{field}: {message}", field);
        }
    }
}
