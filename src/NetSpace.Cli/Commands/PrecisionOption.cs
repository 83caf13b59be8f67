using System.CommandLine;
using NetSpace.Training;

namespace NetSpace.Cli.Commands;

/// <summary><c>--precision</c>: the number format(s) a network computes in (fp32, or bf16 mixed precision).</summary>
internal static class PrecisionOption
{
    /// <summary>A <c>--precision</c> option taking one format, or with <paramref name="list"/> a comma-separated list.</summary>
    public static Option<string?> Create(string description, bool list) =>
        new("--precision") { Description = description, HelpName = list ? "fp32|bf16[,…]" : "fp32|bf16" };

    /// <summary>The formats of a comma-separated list, in order without repeats; <paramref name="fallback"/> when null.</summary>
    public static IReadOnlyList<Precision> Parse(string? value, IReadOnlyList<Precision> fallback)
    {
        return value is null ? fallback : CommaList.Parse(value, ParseOne, "--precision: expected fp32, bf16 or both, comma-separated");
    }

    /// <summary>One format name (a usage error otherwise).</summary>
    public static Precision ParseOne(string value) => value.ToLowerInvariant() switch
    {
        "fp32" or "float32" => Precision.Fp32,
        "bf16" or "bfloat16" => Precision.Bf16,
        _ => throw new CliUsageException($"--precision: '{value}' is not fp32 or bf16"),
    };

    /// <summary>The format's name as the option takes it.</summary>
    public static string Name(Precision precision) => precision == Precision.Bf16 ? "bf16" : "fp32";
}
