using NetSpace.Complexity;
using NetSpace.Specs;

namespace NetSpace.DesignSpaces;

/// <summary>An accepted sample: the spec (re-targeted) and its complexity at the target input size.</summary>
/// <param name="Spec">The spec.</param>
/// <param name="Complexity">flops, params and acts of <paramref name="Spec"/>.</param>
public sealed record SampledSpec(NetworkSpec Spec, ModelComplexity Complexity);
