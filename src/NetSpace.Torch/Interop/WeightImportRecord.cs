namespace NetSpace.Torch.Interop;

/// <summary>Where a run folder's imported weights came from (<c>import.json</c>).</summary>
public sealed record WeightImportRecord
{
    /// <summary>The library whose names the file used (<c>torchvision</c>, <c>timm</c>).</summary>
    public required string From { get; init; }

    /// <summary>The library's model name given with <c>--arch</c>, or null when a spec file was given.</summary>
    public string? Arch { get; init; }

    /// <summary>The NetSpace spec the weights were loaded into (zoo name or the spec file's name).</summary>
    public string? Spec { get; init; }

    /// <summary>Absolute path of the weights file read.</summary>
    public required string File { get; init; }

    /// <summary>SHA-256 of the weights file (hex).</summary>
    public required string Sha256 { get; init; }

    /// <summary>Tensors read (BN counters included).</summary>
    public int Tensors { get; init; }

    /// <summary>Parameters of the network.</summary>
    public long Params { get; init; }

    /// <summary>Number of classes, when it was taken from the file's classifier instead of the spec's.</summary>
    public int? ClassesFromFile { get; init; }

    /// <summary>Reference file of the logit check, if one was given.</summary>
    public string? CheckFile { get; init; }

    /// <summary>max |Δlogit| / max |reference logit| of the check.</summary>
    public double? CheckRelativeDelta { get; init; }

    /// <summary>When the import ran (UTC).</summary>
    public DateTimeOffset ImportedAt { get; init; }
}
