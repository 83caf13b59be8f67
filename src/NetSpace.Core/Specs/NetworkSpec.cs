using System.Text.Json.Serialization;

namespace NetSpace.Specs;

/// <summary>
/// An immutable, JSON-serialisable description of a whole network: input, stem, stages, head.
/// Zoo models, sampled design-space members and searched architectures all use this one format,
/// so every tool (complexity, module builder, trainer, reports) works on all of them.
/// </summary>
public sealed record NetworkSpec
{
    /// <summary>Optional name (zoo name, trial id, …); not part of the architecture.</summary>
    public string? Name { get; init; }

    /// <summary>The input images the network is built for.</summary>
    public InputSpec Input { get; init; } = new();

    /// <summary>Activation used by stem, blocks, SE and head (ReLU for AnyNet, SiLU for EfficientNet).</summary>
    public ActivationType Activation { get; init; } = ActivationType.Relu;

    /// <summary>The stem.</summary>
    public StemSpec Stem { get; init; } = new();

    /// <summary>The stages, in order.</summary>
    public IReadOnlyList<StageSpec> Stages { get; init; } = [];

    /// <summary>The classifier head.</summary>
    public HeadSpec Head { get; init; } = new();

    /// <summary>
    /// Neck and dense heads for multi-task training (e.g. a searched architecture's fusion), or null to use the
    /// trainer's defaults. Classification-only tools ignore it.
    /// </summary>
    public DenseHeadsSpec? DenseHeads { get; init; }

    /// <summary>The RegNet parameters this spec was generated from, when it was (provenance for analysis).</summary>
    [JsonPropertyName("regnet")]
    public RegNetParameters? RegNet { get; init; }

    /// <summary>Total number of blocks over all stages.</summary>
    [JsonIgnore]
    public int TotalDepth => Stages.Sum(s => s.Depth);

    /// <summary>
    /// The same architecture re-targeted to what a data set's loader produces (<paramref name="shape"/>: input size,
    /// channels, classes) and optionally another stem: the one way every command fits a spec to its data.
    /// </summary>
    public NetworkSpec Retarget(Data.DataShape shape, StemType? stem = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Retarget(shape.InputSize, shape.Channels, shape.Classes, stem);
    }

    /// <summary>
    /// The same architecture re-targeted to other data (input size, channels, classes, stem) without
    /// editing the registry; <c>null</c> keeps the current value.
    /// </summary>
    public NetworkSpec Retarget(int? size = null, int? channels = null, int? classes = null, StemType? stem = null) => this with
    {
        Input = Input with { Size = size ?? Input.Size, Channels = channels ?? Input.Channels },
        Head = Head with { Classes = classes ?? Head.Classes },
        Stem = Stem with { Type = stem ?? Stem.Type },
    };

    /// <inheritdoc />
    public bool Equals(NetworkSpec? other) =>
        other is not null
        && Name == other.Name
        && Input == other.Input
        && Activation == other.Activation
        && Stem == other.Stem
        && Stages.SequenceEqual(other.Stages)
        && Head == other.Head
        && Equals(DenseHeads, other.DenseHeads)
        && RegNet == other.RegNet;

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name);
        hash.Add(Input);
        hash.Add(Activation);
        hash.Add(Stem);
        foreach (var stage in Stages)
        {
            hash.Add(stage);
        }

        hash.Add(Head);
        hash.Add(DenseHeads);
        hash.Add(RegNet);
        return hash.ToHashCode();
    }
}
