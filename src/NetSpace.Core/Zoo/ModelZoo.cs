using System.Text.RegularExpressions;
using NetSpace.Specs;

namespace NetSpace.Zoo;

/// <summary>
/// The registry of named specs (like timm's <c>list_models</c>): list with shell wildcards, get by
/// name, and suggestions for misspelt names.
/// </summary>
public static class ModelZoo
{
    private static readonly Lazy<IReadOnlyList<ZooEntry>> AllEntries = new(() =>
        RegNetModels.Entries().Concat(EfficientNetModels.Entries()).Concat(ResNetModels.Entries()).Concat(TorchvisionRegNetModels.Entries()).ToArray());

    /// <summary>Every entry, in registry order (family, then flops regime).</summary>
    public static IReadOnlyList<ZooEntry> Entries => AllEntries.Value;

    /// <summary>Entries whose name matches a shell pattern (<c>*</c>, <c>?</c>; case-insensitive). Null or empty matches all.</summary>
    public static IReadOnlyList<ZooEntry> List(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return Entries;
        }

        var regex = new Regex(
            "^" + Regex.Escape(pattern.Trim()).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return Entries.Where(e => regex.IsMatch(e.Name)).ToArray();
    }

    /// <summary>The entry with this name (case-insensitive), or null.</summary>
    public static ZooEntry? Find(string name) =>
        Entries.FirstOrDefault(e => string.Equals(e.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The spec of a named model; throws <see cref="UnknownModelException"/> with close matches otherwise.</summary>
    public static NetworkSpec Get(string name) =>
        (Find(name) ?? throw new UnknownModelException(name, Suggest(name))).Build();

    /// <summary>Up to three registry names closest to <paramref name="name"/> (edit distance, then shared prefix).</summary>
    public static IReadOnlyList<string> Suggest(string name) => Text.NameSuggester.Suggest(name, Entries.Select(e => e.Name));
}
