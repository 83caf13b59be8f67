namespace NetSpace.Specs;

/// <summary>What the quantized linear rule produces for one RegNet parameter set.</summary>
/// <param name="StageWidths">Distinct block widths in ascending order (one per stage), before compatibility adjustment.</param>
/// <param name="StageDepths">Number of blocks of each stage width.</param>
/// <param name="BlockWidths">Quantized width w_j of every block j.</param>
/// <param name="ContinuousWidths">Linear widths u_j = w0 + wa·j before quantization.</param>
/// <param name="TotalStages">max_j s_j + 1 (pycls's <c>total_stages</c>), which may exceed the number of distinct widths.</param>
public sealed record RegNetWidths(
    int[] StageWidths,
    int[] StageDepths,
    int[] BlockWidths,
    double[] ContinuousWidths,
    int TotalStages);
