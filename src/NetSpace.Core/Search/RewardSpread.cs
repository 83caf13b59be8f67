using NetSpace.Specs;

namespace NetSpace.Search;

/// <summary>
/// Whether a task's reward can teach its policy: the held-out loss of several architectures on the same held-out
/// batches (a two-way layout, architectures × batches), split into what moves with the architecture and what moves
/// with the batch. A policy learns only when the first is not small next to the noise its estimator sees: a single
/// evaluation against a moving average sees <see cref="BatchNoise"/>; two architectures compared on one batch see
/// only <see cref="PairedNoise"/>. Two random architectures differ by √2·<see cref="BetweenArchitectures"/> on
/// average (RMS); their one-batch paired comparison adds noise √2·<see cref="PairedNoise"/>.
/// </summary>
public sealed record RewardSpread
{
    /// <summary>Task.</summary>
    public VisionTask Task { get; init; }

    /// <summary>Architectures evaluated.</summary>
    public int Architectures { get; init; }

    /// <summary>Held-out batches each was evaluated on (the same batches for all).</summary>
    public int Batches { get; init; }

    /// <summary>Mean held-out loss over all evaluations.</summary>
    public double MeanLoss { get; init; }

    /// <summary>Sample standard deviation over architectures of their mean loss over the batches: the signal.</summary>
    public double BetweenArchitectures { get; init; }

    /// <summary>Pooled standard deviation over batches of one architecture's loss: the noise of one unpaired evaluation.</summary>
    public double BatchNoise { get; init; }

    /// <summary>Standard deviation of the residual once architecture and batch means are removed: the noise left in a paired comparison.</summary>
    public double PairedNoise { get; init; }

    /// <summary><see cref="BetweenArchitectures"/> / <see cref="BatchNoise"/>.</summary>
    public double SignalToBatchNoise => BatchNoise > 0 ? BetweenArchitectures / BatchNoise : double.PositiveInfinity;

    /// <summary><see cref="BetweenArchitectures"/> / <see cref="PairedNoise"/>.</summary>
    public double SignalToPairedNoise => PairedNoise > 0 ? BetweenArchitectures / PairedNoise : double.PositiveInfinity;

    /// <summary>The spread of <paramref name="losses"/>[architecture][batch] (at least 2 × 2, every row as long).</summary>
    public static RewardSpread Compute(VisionTask task, IReadOnlyList<IReadOnlyList<double>> losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        int archs = losses.Count;
        int batches = archs == 0 ? 0 : losses[0].Count;
        if (archs < 2 || batches < 2 || losses.Any(row => row.Count != batches))
        {
            throw new ArgumentException($"need at least 2 architectures × 2 batches in a full table; got {archs} rows of {string.Join("/", losses.Select(r => r.Count).Distinct())}", nameof(losses));
        }

        var rowMeans = losses.Select(row => row.Average()).ToArray();
        var columnMeans = Enumerable.Range(0, batches).Select(j => losses.Average(row => row[j])).ToArray();
        double grand = rowMeans.Average();
        double between = Math.Sqrt(rowMeans.Sum(m => (m - grand) * (m - grand)) / (archs - 1));
        double within = 0, residual = 0;
        for (int i = 0; i < archs; i++)
        {
            for (int j = 0; j < batches; j++)
            {
                double w = losses[i][j] - rowMeans[i];
                double r = w - columnMeans[j] + grand;
                within += w * w;
                residual += r * r;
            }
        }

        return new RewardSpread
        {
            Task = task,
            Architectures = archs,
            Batches = batches,
            MeanLoss = grand,
            BetweenArchitectures = between,
            BatchNoise = Math.Sqrt(within / (archs * (batches - 1))),
            PairedNoise = Math.Sqrt(residual / ((archs - 1) * (batches - 1))),
        };
    }
}
