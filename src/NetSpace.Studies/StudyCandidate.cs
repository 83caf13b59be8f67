using NetSpace.Complexity;
using NetSpace.Specs;

namespace NetSpace.Studies;

/// <summary>A model that a study step ranked: its name (the population trial it was first sampled as), where it was ranked, and its error there.</summary>
/// <param name="Name">The population trial's name, kept through every later step.</param>
/// <param name="Sweep">The sweep whose result ranked it.</param>
/// <param name="Spec">The network.</param>
/// <param name="Complexity">flops, params and acts at the data's input size.</param>
/// <param name="Error">Its selection error in <paramref name="Sweep"/> (validation top-1, best epoch).</param>
public sealed record StudyCandidate(string Name, string Sweep, NetworkSpec Spec, ModelComplexity Complexity, double Error);
