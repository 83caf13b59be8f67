using NetSpace.Analysis;
using NetSpace.Sweeps;
using NetSpace.Training;

namespace NetSpace.Reports;

/// <summary>One completed trial as the analysis sees it.</summary>
/// <param name="Trial">The stored trial (spec, seed, complexity, result).</param>
/// <param name="Error">The trial's error: its best epoch's top-1 error on the selection split (validation when held out), a fraction.</param>
/// <param name="Epochs">Per-epoch metrics, in epoch order.</param>
/// <param name="Parameters">Design parameters of the model (per-stage d/w/b/g, RegNet parameters, complexity, width fit).</param>
public sealed record TrialOutcome(
    TrialRecord Trial,
    double Error,
    IReadOnlyList<EpochMetrics> Epochs,
    IReadOnlyList<DesignParameter> Parameters)
{
    /// <summary>The value of the named parameter, or null when the model has none.</summary>
    public double? Value(string parameter)
    {
        foreach (var p in Parameters)
        {
            if (p.Name == parameter)
            {
                return p.Value;
            }
        }

        return null;
    }
}
