namespace NetSpace.Analysis;

/// <summary>One jump of an error EDF: F reaches <paramref name="Cumulative"/> just above <paramref name="Error"/>.</summary>
/// <param name="Error">A distinct error value of the population.</param>
/// <param name="Cumulative">Total weight of the models with error ≤ <paramref name="Error"/> (F just above it).</param>
public readonly record struct EdfStep(double Error, double Cumulative);
