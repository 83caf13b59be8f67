namespace NetSpace.Training;

/// <summary>Evaluation of a network on a data set.</summary>
/// <param name="Loss">Mean cross-entropy.</param>
/// <param name="Top1Error">Fraction of images whose top prediction is wrong.</param>
/// <param name="Top5Error">Fraction of images whose label is not among the five top predictions.</param>
/// <param name="Images">Number of images evaluated.</param>
public sealed record EvaluationResult(double Loss, double Top1Error, double Top5Error, long Images);
