using System.CommandLine;
using NetSpace.Specs;

namespace NetSpace.Cli.Commands;

/// <summary>
/// <c>--size</c>, <c>--channels</c>, <c>--classes</c>, <c>--stem</c>: re-target a spec to other data
/// (<see cref="NetworkSpec.Retarget"/>). One instance per command.
/// </summary>
internal sealed class RetargetOptions
{
    private readonly Option<int?> size = OptionFactory.OptionalInt("--size", "N", "Input image side in pixels (default: the spec's, e.g. 224)", min: 1);
    private readonly Option<int?> channels = OptionFactory.OptionalInt("--channels", "C", "Input channels (default: the spec's, e.g. 3)", min: 1);
    private readonly Option<int?> classes = OptionFactory.OptionalInt("--classes", "K", "Number of output classes (default: the spec's, e.g. 1000)", min: 1);
    private readonly Option<string?> stem = CreateStemOption();

    /// <summary>Adds the four options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(size);
        command.Add(channels);
        command.Add(classes);
        command.Add(stem);
    }

    /// <summary>The spec re-targeted with the given options (unchanged when none is given), validated.</summary>
    public NetworkSpec Apply(ParseResult parse, NetworkSpec spec)
    {
        int? s = parse.GetValue(size);
        int? c = parse.GetValue(channels);
        int? k = parse.GetValue(classes);
        string? t = parse.GetValue(stem);
        if (s is null && c is null && k is null && t is null)
        {
            return spec;
        }

        StemType? stemType = t switch
        {
            null => null,
            "resnet" => StemType.ResNet,
            "small" => StemType.Small,
            _ => StemType.Simple,
        };
        var retargeted = spec.Retarget(s, c, k, stemType);
        SpecValidator.Validate(retargeted);
        return retargeted;
    }

    private static Option<string?> CreateStemOption()
    {
        var option = new Option<string?>("--stem")
        {
            Description = "Stem: simple (3×3 s2, RegNet), resnet (7×7 s2 + max-pool) or small (3×3 s1, for 28–32 px images)",
        };
        option.AcceptOnlyFromAmong("simple", "resnet", "small");
        return option;
    }
}
