using NetSpace.Specs;
using NetSpace.Zoo;

namespace NetSpace.Cli.Commands;

/// <summary>A spec read from a file or taken from the zoo.</summary>
/// <param name="Spec">The spec, validated.</param>
/// <param name="Entry">The zoo entry, when the spec came from the zoo.</param>
/// <param name="Path">The file, when the spec was read from one.</param>
internal sealed record LoadedSpec(NetworkSpec Spec, ZooEntry? Entry, string? Path)
{
    /// <summary>A display name: the spec's name, else the file name.</summary>
    public string DisplayName => Spec.Name ?? Entry?.Name ?? System.IO.Path.GetFileName(Path) ?? "spec";
}
