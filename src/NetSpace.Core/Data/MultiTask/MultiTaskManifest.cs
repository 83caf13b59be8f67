namespace NetSpace.Data.MultiTask;

/// <summary>The manifest of a stored scene set (<c>manifest.json</c>, written last).</summary>
public sealed record MultiTaskManifest
{
    /// <summary>The format tag.</summary>
    public const string FormatName = "netspace-multitask";

    /// <summary>The current format version.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Always <see cref="FormatName"/>.</summary>
    public string Format { get; init; } = FormatName;

    /// <summary>Format version.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>The item data set argument the scenes were composed from.</summary>
    public string Items { get; init; } = string.Empty;

    /// <summary>The composition settings (seed included).</summary>
    public SceneComposerOptions Options { get; init; } = new();

    /// <summary>Class names (class c has mask value and COCO category c + 1).</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>The training split.</summary>
    public StoredSplit Train { get; init; } = new(0, []);

    /// <summary>The test split.</summary>
    public StoredSplit Test { get; init; } = new(0, []);
}
