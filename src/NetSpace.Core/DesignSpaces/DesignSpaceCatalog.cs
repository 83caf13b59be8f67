using NetSpace.Serialization;

namespace NetSpace.DesignSpaces;

/// <summary>
/// The built-in design spaces (<c>anynetx-a</c> … <c>anynetx-e</c>, <c>regnetx</c>, <c>regnety</c>) and
/// user-defined spaces loaded from JSON files.
/// </summary>
public static class DesignSpaceCatalog
{
    private static readonly Lazy<IReadOnlyList<DesignSpace>> Spaces = new(
        () => BuiltInSpaces.Definitions.Select(d => DesignSpace.Create(d, d.Name!)).ToArray());

    /// <summary>Names of the built-in spaces in display order.</summary>
    public static IReadOnlyList<string> Names { get; } = BuiltInSpaces.Definitions.Select(d => d.Name!).ToArray();

    /// <summary>The built-in spaces in display order.</summary>
    public static IReadOnlyList<DesignSpace> BuiltIn => Spaces.Value;

    /// <summary>The built-in space of that name (case-insensitive), or null.</summary>
    public static DesignSpace? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return BuiltIn.FirstOrDefault(s => string.Equals(s.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// An existing file is loaded as a space file; otherwise the built-in space of that name. Throws
    /// <see cref="SpecFormatException"/> for a malformed file or a path-like argument with no file, and
    /// <see cref="UnknownDesignSpaceException"/> (with suggestions) for an unknown name.
    /// </summary>
    public static DesignSpace Get(string nameOrFile)
    {
        ArgumentNullException.ThrowIfNull(nameOrFile);
        if (File.Exists(nameOrFile))
        {
            return Load(nameOrFile);
        }

        if (Find(nameOrFile) is { } space)
        {
            return space;
        }

        if (Directory.Exists(nameOrFile))
        {
            throw new SpecFormatException($"{nameOrFile}: is a directory; expected a space JSON file or a built-in space name");
        }

        if (nameOrFile.Contains('/', StringComparison.Ordinal) || nameOrFile.Contains('\\', StringComparison.Ordinal)
            || nameOrFile.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            throw new SpecFormatException($"{nameOrFile}: file not found");
        }

        throw new UnknownDesignSpaceException(nameOrFile, Suggest(nameOrFile));
    }

    /// <summary>Loads a space file (see <see cref="DesignSpaceDefinition.Load"/>).</summary>
    public static DesignSpace Load(string path) => DesignSpace.Create(DesignSpaceDefinition.Load(path), path);

    /// <summary>Up to three built-in names close to <paramref name="name"/>.</summary>
    public static IReadOnlyList<string> Suggest(string name) => Text.NameSuggester.Suggest(name, Names);
}
