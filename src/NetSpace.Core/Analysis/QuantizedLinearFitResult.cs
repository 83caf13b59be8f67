namespace NetSpace.Analysis;

/// <summary>The quantized-linear parameters that best explain a list of block widths (RegNet paper §3.3).</summary>
/// <param name="W0">Initial width w0, a multiple of <paramref name="Quantum"/>.</param>
/// <param name="Wa">Slope wa ≥ 0 (0 when a constant width fits best).</param>
/// <param name="Wm">Width multiplier wm &gt; 1.</param>
/// <param name="Depth">Number of blocks d.</param>
/// <param name="Quantum">Width quantum q.</param>
/// <param name="FitError">e_fit = mean_j |ln w_j − ln ŵ_j| of the fitted widths.</param>
/// <param name="FittedWidths">ŵ_j, the widths <see cref="Specs.RegNetGenerator.Widths"/> gives for the fitted parameters.</param>
public sealed record QuantizedLinearFitResult(int W0, double Wa, double Wm, int Depth, int Quantum, double FitError, int[] FittedWidths);
