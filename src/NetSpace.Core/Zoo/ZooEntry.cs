using NetSpace.Specs;

namespace NetSpace.Zoo;

/// <summary>A named model of the zoo: its family, a one-line description and how to build its spec.</summary>
/// <param name="Name">Registry name, e.g. <c>regnetx-400mf</c>.</param>
/// <param name="Family">Family, e.g. <c>regnetx</c>, <c>efficientnet</c>.</param>
/// <param name="Description">Where the configuration comes from.</param>
/// <param name="Build">Creates the spec (cheap; specs are immutable).</param>
public sealed record ZooEntry(string Name, string Family, string Description, Func<NetworkSpec> Build);
