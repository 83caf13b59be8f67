using System.CommandLine;
using NetSpace.Training;
using NetSpace.Torch.Training;

namespace NetSpace.Cli.Commands;

/// <summary><c>--layout</c>: the memory layout(s) of activations and conv weights (nhwc = channels-last, nchw = contiguous).</summary>
internal static class LayoutOption
{
    /// <summary>The layouts <c>netspace bench train</c> measures when none is given: the default, then the other.</summary>
    public static IReadOnlyList<MemoryLayout> Both { get; } = [MemoryLayout.Nhwc, MemoryLayout.Nchw];

    /// <summary>A <c>--layout</c> option taking one layout or a comma-separated list.</summary>
    public static Option<string?> Create(string description) => new("--layout") { Description = description, HelpName = "nhwc|nchw[,…]" };

    /// <summary>The layouts of a comma-separated list, in order without repeats; <see cref="Both"/> when null.</summary>
    public static IReadOnlyList<MemoryLayout> Parse(string? value)
    {
        return value is null ? Both : CommaList.Parse(value, ParseOne, "--layout: expected nhwc, nchw or both, comma-separated");
    }

    /// <summary>One layout name (a usage error otherwise).</summary>
    public static MemoryLayout ParseOne(string value) => value.ToLowerInvariant() switch
    {
        "nhwc" or "channels-last" or "channels_last" => MemoryLayout.Nhwc,
        "nchw" or "contiguous" => MemoryLayout.Nchw,
        _ => throw new CliUsageException($"--layout: '{value}' is not nhwc (channels-last) or nchw (contiguous)"),
    };

    /// <summary>The layout's name as the option takes it.</summary>
    public static string Name(MemoryLayout layout) => layout == MemoryLayout.Nhwc ? "nhwc" : "nchw";
}
