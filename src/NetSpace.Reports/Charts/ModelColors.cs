using ScottPlot;

namespace NetSpace.Reports;

/// <summary>
/// Colours of the individual models in a sweep's width-profile and training-curve charts: every line its own hue
/// (the best in cool colours with filled markers, the worst in warm ones with open squares), so three best models
/// no longer share their sweep's colour.
/// </summary>
internal static class ModelColors
{
    private static readonly Color[] Best = [Color.FromHex("#1f77b4"), Color.FromHex("#2ca02c"), Color.FromHex("#9467bd"), Color.FromHex("#17becf"), Color.FromHex("#7f7f7f")];
    private static readonly Color[] Worst = [Color.FromHex("#ff7f0e"), Color.FromHex("#d62728"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#bcbd22")];

    /// <summary>The colour of the <paramref name="rank"/>-th best (or worst) model.</summary>
    public static Color For(int rank, bool isBest)
    {
        var colors = isBest ? Best : Worst;
        return colors[rank % colors.Length];
    }
}
