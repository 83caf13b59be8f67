namespace NetSpace.DesignSpaces;

/// <summary>
/// Complexity windows stored with a space, as text (<c>"8M:12M"</c>, <c>":400M"</c>; see <see cref="ComplexityWindow.Parse"/>).
/// JSON field <c>constraints</c> of a space file; windows given on the command line replace these.
/// </summary>
public sealed record SpaceConstraintWindows
{
    /// <summary>Window on flops (multiply-adds) at the template's input size.</summary>
    public string? Flops { get; init; }

    /// <summary>Window on parameters.</summary>
    public string? Params { get; init; }

    /// <summary>Window on activations.</summary>
    public string? Acts { get; init; }

    /// <summary>The parsed windows; throws <see cref="FormatException"/> for a malformed one.</summary>
    public ComplexityConstraints ToConstraints() => new()
    {
        Flops = Flops is null ? null : ComplexityWindow.Parse(Flops),
        Params = Params is null ? null : ComplexityWindow.Parse(Params),
        Acts = Acts is null ? null : ComplexityWindow.Parse(Acts),
    };
}
