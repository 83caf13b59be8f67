using NetSpace.Specs;

namespace NetSpace.DesignSpaces;

/// <summary>Checks a <see cref="DesignSpaceDefinition"/> and names the first invalid field by its JSON path.</summary>
internal static class DesignSpaceValidator
{
    /// <summary>The first problem as (JSON path, message), or null when the definition is valid.</summary>
    public static (string Path, string Message)? Check(DesignSpaceDefinition d)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (d.Name is { } name && (name.Length == 0 || name.Any(char.IsWhiteSpace)))
        {
            return ("$.name", $"'{name}' must be non-empty without spaces");
        }

        if (d.Template is not { } t)
        {
            return ("$.template", "must be an object");
        }

        var problem = CheckTemplate(t, d.RegNet is not null);
        if (problem is not null)
        {
            return problem;
        }

        if ((d.AnyNet is null) == (d.RegNet is null))
        {
            return ("$", "a space needs exactly one of 'anynet' (per-stage distributions) or 'regnet' (RegNet parameter distributions)");
        }

        problem = d.AnyNet is { } a ? CheckAnyNet(a, t.Stages) : CheckRegNet(d.RegNet!);
        if (problem is not null)
        {
            return problem;
        }

        if (d.Constraints is { } c)
        {
            foreach (var (field, text) in new[] { ("flops", c.Flops), ("params", c.Params), ("acts", c.Acts) })
            {
                if (text is null)
                {
                    continue;
                }

                try
                {
                    ComplexityWindow.Parse(text);
                }
                catch (FormatException ex)
                {
                    return ($"$.constraints.{field}", ex.Message);
                }
            }
        }

        return null;
    }

    private static (string, string)? CheckTemplate(SpaceTemplate t, bool regnet)
    {
        const string p = "$.template";
        if (t.InputSize < 1)
        {
            return ($"{p}.input_size", $"{t.InputSize} must be ≥ 1");
        }

        if (t.Channels < 1)
        {
            return ($"{p}.channels", $"{t.Channels} must be ≥ 1");
        }

        if (t.Classes < 1)
        {
            return ($"{p}.classes", $"{t.Classes} must be ≥ 1");
        }

        if (!Enum.IsDefined(t.Stem))
        {
            return ($"{p}.stem", $"unknown stem {(int)t.Stem}");
        }

        if (t.StemWidth < 1)
        {
            return ($"{p}.stem_width", $"{t.StemWidth} must be ≥ 1");
        }

        if (t.Stages is < 1 or > 16)
        {
            return ($"{p}.stages", $"{t.Stages} must be in 1..16");
        }

        if (t.Stride is not (1 or 2))
        {
            return ($"{p}.stride", $"{t.Stride} must be 1 or 2");
        }

        if (t.HeadWidth < 0)
        {
            return ($"{p}.head_width", $"{t.HeadWidth} must be ≥ 0 (0 = no head conv)");
        }

        if (regnet)
        {
            if (t.Block != BlockType.X || t.SeRatio != 0)
            {
                return (t.Block != BlockType.X ? $"{p}.block" : $"{p}.se_ratio", "a regnet space takes its blocks from regnet.se_ratio (X when 0, Y otherwise); leave block and se_ratio out of the template");
            }

            return null;
        }

        switch (t.Block)
        {
            case BlockType.X when t.SeRatio != 0:
                return ($"{p}.se_ratio", "x blocks have no SE (use block y)");
            case BlockType.Y when t.SeRatio is <= 0 or > 1:
                return ($"{p}.se_ratio", $"y blocks need se_ratio in (0, 1], e.g. 0.25; found {t.SeRatio}");
            case BlockType.X or BlockType.Y:
                return null;
            default:
                return ($"{p}.block", $"an anynet space has x or y blocks (found {t.Block.ToString().ToLowerInvariant()})");
        }
    }

    private static (string, string)? CheckAnyNet(AnyNetDistributions a, int stages)
    {
        const string p = "$.anynet";
        return PerStage(a.Depth, $"{p}.depth", stages, required: true, shared: false, "shared", Whole(1))
            ?? PerStage(a.Width, $"{p}.width", stages, required: true, shared: false, "shared", Whole(1))
            ?? PerStage(a.Bottleneck, $"{p}.bottleneck", stages, required: false, a.SharedBottleneck, "shared_bottleneck", Bottleneck)
            ?? PerStage(a.GroupWidth, $"{p}.group_width", stages, required: true, a.SharedGroupWidth, "shared_group_width", Whole(1));
    }

    private static (string, string)? CheckRegNet(RegNetDistributions r)
    {
        const string p = "$.regnet";
        return Scalar(r.Depth, $"{p}.depth", true, Whole(1))
            ?? Scalar(r.W0, $"{p}.w0", true, d => d.Min < 8 || !d.IsMultipleOf(8) ? "values must be positive multiples of 8 (the quantized linear rule's q)" : null)
            ?? Scalar(r.Wa, $"{p}.wa", true, d => d.Min < 0 ? "values must be ≥ 0" : null)
            ?? Scalar(r.Wm, $"{p}.wm", true, d => d.Min <= 1 ? "values must be > 1" : null)
            ?? Scalar(r.GroupWidth, $"{p}.group_width", true, Whole(1))
            ?? Scalar(r.Bottleneck, $"{p}.bottleneck", false, Bottleneck)
            ?? Scalar(r.SeRatio, $"{p}.se_ratio", false, d => d.Min < 0 || d.Max > 1 ? "values must be in [0, 1]" : null);
    }

    private static (string, string)? PerStage(
        IReadOnlyList<ParameterDistribution>? list, string path, int stages, bool required, bool shared, string sharedFlag, Func<ParameterDistribution, string?> check)
    {
        if (list is null)
        {
            return required ? (path, "missing: give one distribution for all stages or an array with one per stage") : null;
        }

        if (list.Count != 1 && list.Count != stages)
        {
            return (path, $"has {list.Count} distributions; give one for all stages or one per stage ({stages})");
        }

        if (shared && list.Count != 1)
        {
            return (path, $"{sharedFlag} draws one value for all stages: give one distribution, not one per stage");
        }

        for (int i = 0; i < list.Count; i++)
        {
            string at = list.Count == 1 ? path : $"{path}[{i}]";
            if (list[i] is null)
            {
                return (at, "must be a distribution, not null");
            }

            if (check(list[i]) is { } message)
            {
                return (at, $"{list[i].Describe()}: {message}");
            }
        }

        return null;
    }

    private static (string, string)? Scalar(ParameterDistribution? d, string path, bool required, Func<ParameterDistribution, string?> check)
    {
        if (d is null)
        {
            return required ? (path, "missing: give a distribution, e.g. {\"type\": \"uniform\", \"low\": 12, \"high\": 28}") : null;
        }

        return check(d) is { } message ? (path, $"{d.Describe()}: {message}") : null;
    }

    private static Func<ParameterDistribution, string?> Whole(int min) =>
        d => !d.IsMultipleOf(1) ? "values must be whole numbers" : d.Min < min ? $"values must be ≥ {min}" : null;

    // pycls's adjust_block_compatibility takes lcm(g, int(b)) for b > 1, so a multiplier above 1 must be whole.
    private static string? Bottleneck(ParameterDistribution d)
    {
        if (d.Min <= 0)
        {
            return "values must be > 0";
        }

        bool ok = d.Max <= 1
            || d.IsMultipleOf(1)
            || (d.Cardinality <= 100_000 && d.Values().All(v => v <= 1 || v == Math.Floor(v)));
        return ok ? null : "values above 1 must be whole numbers (pycls takes lcm(g, b))";
    }
}
