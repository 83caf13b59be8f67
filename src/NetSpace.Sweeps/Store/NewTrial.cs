using NetSpace.Complexity;
using NetSpace.Specs;

namespace NetSpace.Sweeps;

/// <summary>A trial to be stored as pending when a sweep is created.</summary>
/// <param name="Index">0-based position in the sweep (unique within it).</param>
/// <param name="Name">Trial name, e.g. <c>tiny16-3</c>.</param>
/// <param name="Spec">The network, already re-targeted to the sweep's data.</param>
/// <param name="Seed">Seed of weights, data order and augmentation for this trial.</param>
/// <param name="Complexity">flops, params and acts of <paramref name="Spec"/> at the data's input size.</param>
public sealed record NewTrial(int Index, string Name, NetworkSpec Spec, long Seed, ModelComplexity Complexity);
