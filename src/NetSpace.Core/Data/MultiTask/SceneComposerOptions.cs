namespace NetSpace.Data.MultiTask;

/// <summary>How scenes are composed from item images (every field is recorded in the set's manifest).</summary>
public sealed record SceneComposerOptions
{
    /// <summary>Side of the square canvas in pixels.</summary>
    public int Size { get; init; } = 64;

    /// <summary>Fewest objects placed per scene.</summary>
    public int MinObjects { get; init; } = 1;

    /// <summary>Most objects placed per scene.</summary>
    public int MaxObjects { get; init; } = 4;

    /// <summary>Smallest side, in pixels, an item is resized to.</summary>
    public int MinScale { get; init; } = 14;

    /// <summary>Largest side, in pixels, an item is resized to.</summary>
    public int MaxScale { get; init; } = 40;

    /// <summary>Fraction of an object's own foreground pixels that must stay visible after later objects occlude it.</summary>
    public double MinVisible { get; init; } = 0.4;

    /// <summary>
    /// Resized item pixels at or above this value are the object's foreground (they are painted and labelled);
    /// darker pixels are transparent. 16 keeps the faint edges of Fashion-MNIST items out of the masks.
    /// </summary>
    public int Threshold { get; init; } = 16;

    /// <summary>Placement attempts per object before it is dropped.</summary>
    public int Attempts { get; init; } = 20;

    /// <summary>Seed of item choice, scale and position.</summary>
    public long Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        Check(Size is >= 8 and <= 1024, "size", $"{Size} must be in 8…1024");
        Check(MinObjects >= 1 && MaxObjects >= MinObjects && MaxObjects <= 16, "objects", $"{MinObjects}:{MaxObjects} must satisfy 1 ≤ min ≤ max ≤ 16");
        Check(MinScale >= 4 && MaxScale >= MinScale && MaxScale <= Size, "scale", $"{MinScale}:{MaxScale} must satisfy 4 ≤ min ≤ max ≤ size ({Size})");
        Check(MinVisible is > 0 and <= 1, "min-visible", $"{MinVisible} must be in (0, 1]");
        Check(Threshold is >= 1 and <= 255, "threshold", $"{Threshold} must be in 1…255");
        Check(Attempts >= 1, "attempts", $"{Attempts} must be ≥ 1");
    }

    private static void Check(bool ok, string field, string message)
    {
        if (!ok)
        {
            throw new ArgumentException($"{field}: {message}", field);
        }
    }
}
