namespace NetSpace.Specs;

/// <summary>Checks that a <see cref="NetworkSpec"/> describes a network that can be built.</summary>
public static class SpecValidator
{
    /// <summary>Throws <see cref="SpecValidationException"/> naming the first invalid field.</summary>
    public static void Validate(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Require(spec.Input is not null, "input", "is missing");
        Require(spec.Stem is not null, "stem", "is missing");
        Require(spec.Head is not null, "head", "is missing");
        Require(spec.Stages is not null, "stages", "is missing");
        spec.DenseHeads?.Validate();
        Require(spec.Input!.Size >= 1, "input.size", $"{spec.Input.Size} must be ≥ 1");
        Require(spec.Input.Channels >= 1, "input.channels", $"{spec.Input.Channels} must be ≥ 1");
        Require(Enum.IsDefined(spec.Activation), "activation", $"unknown value {(int)spec.Activation}");
        Require(Enum.IsDefined(spec.Stem!.Type), "stem.type", $"unknown value {(int)spec.Stem.Type}");
        Require(spec.Stem.Width >= 1, "stem.width", $"{spec.Stem.Width} must be ≥ 1");
        Require(spec.Stages!.Count >= 1, "stages", "needs at least one stage");
        for (int i = 0; i < spec.Stages.Count; i++)
        {
            ValidateStage(spec.Stages[i], $"stages[{i}]");
        }

        Require(spec.Head!.Width >= 0, "head.width", $"{spec.Head.Width} must be ≥ 0 (0 = no head conv)");
        Require(spec.Head.Classes >= 1, "head.classes", $"{spec.Head.Classes} must be ≥ 1");
        Require(spec.Head.Dropout is >= 0 and < 1, "head.dropout", $"{spec.Head.Dropout} must be in [0, 1)");
        spec.RegNet?.Validate();
    }

    private static void ValidateStage(StageSpec stage, string path)
    {
        Require(stage is not null, path, "is missing");
        Require(Enum.IsDefined(stage!.Block), $"{path}.block", $"unknown value {(int)stage.Block}");
        Require(stage.Depth >= 1, $"{path}.depth", $"{stage.Depth} must be ≥ 1");
        Require(stage.Width >= 1, $"{path}.width", $"{stage.Width} must be ≥ 1");
        Require(stage.Stride is 1 or 2, $"{path}.stride", $"{stage.Stride} must be 1 or 2");
        Require(stage.Kernel >= 1 && stage.Kernel % 2 == 1, $"{path}.kernel", $"{stage.Kernel} must be an odd number ≥ 1");
        Require(stage.SeRatio is >= 0 and <= 1, $"{path}.se_ratio", $"{stage.SeRatio} must be in [0, 1]");
        switch (stage.Block)
        {
            case BlockType.X or BlockType.Y:
                Require(stage.Bottleneck > 0, $"{path}.bottleneck", $"{stage.Bottleneck} must be > 0");
                long inner = PyMath.Round(stage.Width * stage.Bottleneck);
                Require(inner >= 1, $"{path}.bottleneck", $"inner width round({stage.Width}·{stage.Bottleneck}) = {inner} must be ≥ 1");
                Require(stage.GroupWidth >= 1, $"{path}.group_width", $"{stage.GroupWidth} must be ≥ 1");
                Require(
                    inner % stage.GroupWidth == 0,
                    $"{path}.group_width",
                    $"{stage.GroupWidth} must divide the bottleneck width {inner} (width {stage.Width} × bottleneck {stage.Bottleneck})");
                Require(stage.Expansion == 1, $"{path}.expansion", "applies to mbconv blocks only (must be 1)");
                if (stage.Block == BlockType.Y)
                {
                    Require(stage.SeRatio > 0, $"{path}.se_ratio", "y blocks need se_ratio > 0 (use block x for no SE)");
                }
                else
                {
                    Require(stage.SeRatio == 0, $"{path}.se_ratio", "x blocks have no SE (use block y)");
                }

                break;
            case BlockType.MBConv:
                Require(stage.Expansion > 0, $"{path}.expansion", $"{stage.Expansion} must be > 0");
                Require(stage.Bottleneck == 1, $"{path}.bottleneck", "applies to x/y blocks only (must be 1)");
                Require(stage.GroupWidth == 0, $"{path}.group_width", "mbconv uses a depthwise conv (must be 0)");
                break;
            default:
                Require(stage.Bottleneck == 1, $"{path}.bottleneck", "applies to x/y blocks only (must be 1)");
                Require(stage.Expansion == 1, $"{path}.expansion", "applies to mbconv blocks only (must be 1)");
                Require(stage.GroupWidth == 0, $"{path}.group_width", "applies to x/y blocks only (must be 0)");
                Require(stage.SeRatio == 0, $"{path}.se_ratio", "vanilla/basic blocks have no SE");
                break;
        }
    }

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new SpecValidationException(field, message);
        }
    }
}
