using NetSpace.Interop.PyTorch;
using NetSpace.Specs;

namespace NetSpace.Torch.Interop;

/// <summary>What <see cref="WeightImporter.Import"/> reads and writes.</summary>
public sealed record WeightImportRequest
{
    /// <summary>The PyTorch weights file (<c>torch.save</c> zip or safetensors).</summary>
    public required string File { get; init; }

    /// <summary>Whose names the file uses.</summary>
    public required WeightConvention From { get; init; }

    /// <summary>The library's model name (e.g. <c>regnet_x_400mf</c>); exactly one of this and <see cref="Spec"/>.</summary>
    public string? Arch { get; init; }

    /// <summary>A NetSpace spec with the file's architecture (for models built with custom settings).</summary>
    public NetworkSpec? Spec { get; init; }

    /// <summary>The run folder to create; it must not exist (or be empty).</summary>
    public required string OutDir { get; init; }

    /// <summary>Optional reference (safetensors with <c>input</c> and <c>logits</c>) the imported network must reproduce.</summary>
    public string? CheckFile { get; init; }

    /// <summary>Largest accepted max |Δlogit| / max |reference logit|.</summary>
    public double Tolerance { get; init; } = 1e-4;
}
