namespace NetSpace.Interop.PyTorch;

/// <summary>The name table of one family in one library's convention.</summary>
/// <param name="Convention">Whose names.</param>
/// <param name="Family">Which family.</param>
/// <param name="Rules">Rows, tried in order; the first whose pattern and condition match a module path wins.</param>
public sealed record WeightNameMap(WeightConvention Convention, WeightFamily Family, IReadOnlyList<WeightNameRule> Rules);
