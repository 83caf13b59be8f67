using System.CommandLine;
using NetSpace.Specs;
using NetSpace.Training;
using NetSpace.Torch.Training;

namespace NetSpace.Cli.Commands;

/// <summary>
/// The recipe and data options shared by <c>netspace train</c> and <c>netspace sweep create</c>
/// (one definition, so names, defaults and validation cannot drift apart).
/// </summary>
internal sealed class RecipeOptions
{
    private readonly Option<string> data = new("--data")
    {
        Description = "Data: fashion-mnist (Debian's dataset-fashion-mnist), fashion-mnist:DIR, mnist:DIR, idx:DIR[:CLASSES], cifar10:DIR, cifar100:DIR, folder:DIR[:SIZE]",
        HelpName = "SOURCE",
        DefaultValueFactory = _ => "fashion-mnist",
    };

    private readonly Option<string?> stem = CreateStem();
    private readonly Option<int?> epochs = OptionFactory.OptionalInt("--epochs", "E", "Epochs (default 10)", min: 1);
    private readonly Option<int?> batch = OptionFactory.OptionalInt("--batch", "B", "Batch size (default 128)", min: 1);
    private readonly Option<double?> lr = OptionFactory.OptionalDouble("--lr", "LR", "Reference learning rate per 128 images; actual lr = LR·batch/128 (default 0.1)");
    private readonly Option<double?> wd = OptionFactory.OptionalDouble("--weight-decay", "WD", "Weight decay (default 5e-5)");
    private readonly Option<double?> momentum = OptionFactory.OptionalDouble("--momentum", "M", "SGD momentum (default 0.9)");
    private readonly Option<bool> nesterov = new("--nesterov") { Description = "Nesterov momentum" };
    private readonly Option<double?> warmup = OptionFactory.OptionalDouble("--warmup-epochs", "E", "Linear warm-up epochs from 0.1×lr (default: 5% of the epochs)");
    private readonly Option<double?> smoothing = OptionFactory.OptionalDouble("--label-smoothing", "EPS", "Label smoothing (default 0)");
    private readonly Option<double?> ema = OptionFactory.OptionalDouble("--ema-decay", "D", "Keep an EMA of the weights with this decay per step (default off)");
    private readonly Option<bool> noZeroInit = new("--no-zero-init-gamma") { Description = "Keep γ = 1 in every BN (pycls's default) instead of zeroing each residual block's last BN γ" };
    private readonly Option<int?> crop = OptionFactory.OptionalInt("--crop-padding", "P", "Random-crop zero padding in pixels (default 2; 0 = off)", min: 0);
    private readonly Option<double?> flip = OptionFactory.OptionalDouble("--flip", "P", "Horizontal flip probability (default 0.5)");
    private readonly Option<double?> erasing = OptionFactory.OptionalDouble("--random-erasing", "P", "Probability of erasing one random rectangle (2%–⅓ of the image) of a training image to the mean (default 0 = off)");
    private readonly Option<bool> testAtEnd = new("--test-at-end") { Description = "Evaluate the test set only after the last epoch (with --val-split selection uses validation; without, the result is the last epoch)" };
    private readonly Option<bool> noTest = new("--no-test") { Description = "Never evaluate the test set (needs --val-split: selection and the result use validation only)" };
    private readonly Option<int?> subset = OptionFactory.OptionalInt("--subset", "N", "Train on a seeded subset of N training images", min: 1);
    private readonly Option<string?> layout = CreateLayout();
    private readonly Option<string?> precision = PrecisionOption.Create(
        "Number format: fp32 (default) or bf16 (bfloat16 mixed precision: ~1.6× faster on CPUs with AVX-512 BF16; weights, optimizer state and checkpoints stay float32)", list: false);
    private readonly Option<double?> valSplit = OptionFactory.OptionalDouble("--val-split", "F", "Hold out this fraction of the training images for model selection (default 0: select on test)");

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { data, stem, epochs, batch, lr, wd, momentum, nesterov, warmup, smoothing, ema, noZeroInit, crop, flip, erasing, testAtEnd, noTest, subset, valSplit, layout, precision })
        {
            command.Add(option);
        }
    }

    /// <summary>The data argument.</summary>
    public string Data(ParseResult parse) => parse.GetValue(data)!;

    /// <summary>The subset size, or null.</summary>
    public int? Subset(ParseResult parse) => parse.GetValue(subset);

    /// <summary>The validation fraction (a usage error outside [0, 1)).</summary>
    public double ValSplit(ParseResult parse)
    {
        double value = parse.GetValue(valSplit) ?? 0;
        if (value is < 0 or >= 1)
        {
            throw new CliUsageException($"--val-split: {value} must be in [0, 1)");
        }

        return value;
    }

    /// <summary>The stem to re-target to, or null to keep the space's.</summary>
    public StemType? Stem(ParseResult parse) => parse.GetValue(stem) switch
    {
        "simple" => StemType.Simple,
        "resnet" => StemType.ResNet,
        "small" => StemType.Small,
        _ => null,
    };

    /// <summary>The recipe (a usage error naming the field when invalid).</summary>
    public TrainingRecipe Recipe(ParseResult parse)
    {
        var defaults = new TrainingRecipe();
        int e = parse.GetValue(epochs) ?? defaults.Epochs;
        var recipe = new TrainingRecipe
        {
            Epochs = e,
            BatchSize = parse.GetValue(batch) ?? defaults.BatchSize,
            BaseLr = parse.GetValue(lr) ?? defaults.BaseLr,
            WeightDecay = parse.GetValue(wd) ?? defaults.WeightDecay,
            Momentum = parse.GetValue(momentum) ?? defaults.Momentum,
            Nesterov = parse.GetValue(nesterov),
            WarmupEpochs = parse.GetValue(warmup) ?? (0.05 * e),
            LabelSmoothing = parse.GetValue(smoothing) ?? defaults.LabelSmoothing,
            EmaDecay = parse.GetValue(ema) ?? defaults.EmaDecay,
            ZeroInitFinalGamma = !parse.GetValue(noZeroInit),
            CropPadding = parse.GetValue(crop) ?? defaults.CropPadding,
            FlipProbability = parse.GetValue(flip) ?? defaults.FlipProbability,
            RandomErasing = parse.GetValue(erasing) ?? defaults.RandomErasing,
            TestAtEndOnly = parse.GetValue(testAtEnd),
            NoTest = parse.GetValue(noTest),
            Layout = parse.GetValue(layout) is { } l ? LayoutOption.ParseOne(l) : defaults.Layout,
            Precision = parse.GetValue(precision) is { } p ? PrecisionOption.ParseOne(p) : defaults.Precision,
        };
        if (recipe.NoTest && ValSplit(parse) <= 0)
        {
            throw new CliUsageException("--no-test needs --val-split: without a validation split nothing would select or score the run");
        }

        try
        {
            recipe.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException(ex.Message);
        }

        return recipe;
    }

    private static Option<string?> CreateLayout()
    {
        var option = new Option<string?>("--layout") { Description = "Memory layout of activations and conv weights: nhwc (channels-last, default: faster on CPU) or nchw", HelpName = "nhwc|nchw" };
        option.AcceptOnlyFromAmong("nhwc", "nchw");
        return option;
    }

    private static Option<string?> CreateStem()
    {
        var option = new Option<string?>("--stem") { Description = "Replace the stem: simple, resnet, or small (3×3 stride 1, for 28–32 px images)" };
        option.AcceptOnlyFromAmong("simple", "resnet", "small");
        return option;
    }
}
