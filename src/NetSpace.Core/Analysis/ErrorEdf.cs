namespace NetSpace.Analysis;

/// <summary>
/// The (weighted) empirical distribution function of a population's errors (Radosavovic et al. 2019, 2020):
/// F(e) = Σ_i w_i·1[e_i &lt; e], the share of models whose error is strictly below e. Weights default to
/// 1/n each; given weights must be finite and ≥ 0 with a positive sum, and are normalised to sum 1.
/// </summary>
public sealed class ErrorEdf
{
    private readonly double[] errors;
    private readonly double[] weights;
    private readonly EdfStep[] steps;

    /// <summary>Builds the EDF; throws <see cref="ArgumentException"/> naming the first bad input.</summary>
    /// <param name="errors">One error per model (finite, e.g. top-1 error in %).</param>
    /// <param name="weights">Optional weight per model, e.g. from <see cref="NormalizedWeights"/>; null = uniform.</param>
    public ErrorEdf(IReadOnlyList<double> errors, IReadOnlyList<double>? weights = null)
    {
        AnalysisArguments.RequireFinite(errors, nameof(errors));
        int n = errors.Count;
        var raw = new double[n];
        if (weights is null)
        {
            Array.Fill(raw, 1.0);
        }
        else
        {
            AnalysisArguments.RequireSameLength(errors, nameof(errors), weights, nameof(weights));
            AnalysisArguments.RequireFinite(weights, nameof(weights));
            for (int i = 0; i < n; i++)
            {
                AnalysisArguments.Require(weights[i] >= 0, nameof(weights), $"weights[{i}] = {weights[i]} is negative");
                raw[i] = weights[i];
            }
        }

        this.errors = errors.ToArray();
        var order = Enumerable.Range(0, n).OrderBy(i => this.errors[i]).ToArray();

        // Cumulative raw weight in error order, divided by its own total so the last step is exactly 1
        // (and uniform weights give exactly k/n).
        var distinct = new List<(double Error, double Raw)>();
        double running = 0;
        foreach (int i in order)
        {
            running += raw[i];
            if (distinct.Count > 0 && distinct[^1].Error == this.errors[i])
            {
                distinct[^1] = (this.errors[i], running);
            }
            else
            {
                distinct.Add((this.errors[i], running));
            }
        }

        AnalysisArguments.Require(running > 0, nameof(weights), "the weights sum to 0");
        double total = running;
        this.weights = raw.Select(w => w / total).ToArray();
        steps = distinct.Select(s => new EdfStep(s.Error, s.Raw / total)).ToArray();
        N = n;
        Min = steps[0].Error;
        Mean = Statistics.Mean(this.errors);
        Median = Statistics.MedianOfSorted(order.Select(i => this.errors[i]).ToArray());
        WeightedMean = Enumerable.Range(0, n).Sum(i => this.weights[i] * this.errors[i]);
    }

    /// <summary>Number of models.</summary>
    public int N { get; }

    /// <summary>Lowest error.</summary>
    public double Min { get; }

    /// <summary>Plain (unweighted) mean error.</summary>
    public double Mean { get; }

    /// <summary>Weighted mean error Σ w_i·e_i (equals <see cref="Mean"/> for uniform weights).</summary>
    public double WeightedMean { get; }

    /// <summary>Plain (unweighted) median error, as <c>np.median</c>.</summary>
    public double Median { get; }

    /// <summary>The errors, in input order.</summary>
    public IReadOnlyList<double> Errors => errors.AsReadOnly();

    /// <summary>The normalised weights (sum 1), in input order.</summary>
    public IReadOnlyList<double> Weights => weights.AsReadOnly();

    /// <summary>
    /// The distinct errors ascending, each with F just above it: for plotting, F is 0 up to the first error and
    /// jumps to <see cref="EdfStep.Cumulative"/> right after each; the last step reaches 1.
    /// </summary>
    public IReadOnlyList<EdfStep> Steps => steps.AsReadOnly();

    /// <summary>F(e) = Σ_i w_i·1[e_i &lt; e] (strict: a model with error exactly e is not counted).</summary>
    public double At(double e)
    {
        AnalysisArguments.Require(!double.IsNaN(e), nameof(e), "e is NaN");
        return CumulativeBefore(e, inclusive: false);
    }

    /// <summary>F just above <paramref name="e"/>: Σ_i w_i·1[e_i ≤ e], the value <see cref="At"/> takes on (e, next error].</summary>
    internal double AtOrBelow(double e) => CumulativeBefore(e, inclusive: true);

    /// <summary>Cumulative weight of the last step below <paramref name="e"/> (or at it when inclusive); 0 if none.</summary>
    private double CumulativeBefore(double e, bool inclusive)
    {
        int lo = 0, hi = steps.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (steps[mid].Error < e || (inclusive && steps[mid].Error == e))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo == 0 ? 0 : steps[lo - 1].Cumulative;
    }
}
