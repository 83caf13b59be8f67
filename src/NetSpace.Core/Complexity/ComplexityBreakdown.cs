namespace NetSpace.Complexity;

/// <summary>Complexity of a network and of its parts.</summary>
/// <param name="Total">The whole network.</param>
/// <param name="Stem">The stem alone.</param>
/// <param name="Stages">Each stage alone.</param>
/// <param name="StageOutputSizes">Spatial side of each stage's output feature map.</param>
/// <param name="Head">The head alone.</param>
public sealed record ComplexityBreakdown(
    ModelComplexity Total,
    ModelComplexity Stem,
    IReadOnlyList<ModelComplexity> Stages,
    IReadOnlyList<int> StageOutputSizes,
    ModelComplexity Head);
