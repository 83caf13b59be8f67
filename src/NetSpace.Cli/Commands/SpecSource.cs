using NetSpace.Serialization;
using NetSpace.Zoo;

namespace NetSpace.Cli.Commands;

/// <summary>Resolves a command-line argument that is either a spec file or a zoo model name.</summary>
internal static class SpecSource
{
    /// <summary>
    /// An existing file is read as a spec; otherwise the argument is looked up in the zoo. Throws
    /// <see cref="SpecFormatException"/> for a path-like argument with no file behind it and
    /// <see cref="UnknownModelException"/> (with suggestions) for an unknown name.
    /// </summary>
    public static LoadedSpec Load(string nameOrPath)
    {
        if (File.Exists(nameOrPath))
        {
            return new LoadedSpec(SpecJson.ReadSpecFile(nameOrPath), null, nameOrPath);
        }

        if (ModelZoo.Find(nameOrPath) is { } entry)
        {
            return new LoadedSpec(entry.Build(), entry, null);
        }

        if (Directory.Exists(nameOrPath))
        {
            throw new CliUsageException($"{nameOrPath}: is a directory; expected a spec file or a zoo model name");
        }

        if (LooksLikePath(nameOrPath))
        {
            throw new SpecFormatException($"{nameOrPath}: file not found");
        }

        throw new UnknownModelException(nameOrPath, ModelZoo.Suggest(nameOrPath));
    }

    private static bool LooksLikePath(string value) =>
        value.Contains('/', StringComparison.Ordinal)
        || value.Contains('\\', StringComparison.Ordinal)
        || value.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
}
