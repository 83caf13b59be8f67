namespace NetSpace.Bench;

/// <summary>The form of a time model <c>t(x)</c> fitted by least squares.</summary>
public enum TimeModelForm
{
    /// <summary><c>t = a + b·x</c>.</summary>
    Linear,

    /// <summary><c>t = a + b·x + c·√x</c> (the linear-plus-square-root form the RegNet paper examines).</summary>
    LinearSqrt,
}

/// <summary>A least-squares fit of measured time against one complexity measure (flops or acts).</summary>
public sealed record TimeFit
{
    /// <summary>What <c>x</c> is, e.g. <c>flops</c> or <c>acts</c>.</summary>
    public string Predictor { get; init; } = "x";

    /// <summary>The fitted form.</summary>
    public TimeModelForm Form { get; init; }

    /// <summary>The fitted formula in words, e.g. <c>t = a + b·flops + c·√flops</c>.</summary>
    public string Formula => Form == TimeModelForm.Linear ? $"t = a + b·{Predictor}" : $"t = a + b·{Predictor} + c·√{Predictor}";

    /// <summary>Number of points (models) in the fit.</summary>
    public int Count { get; init; }

    /// <summary>a: the intercept, in the unit of t.</summary>
    public double Intercept { get; init; }

    /// <summary>b: the coefficient of x (unit of t per unit of x).</summary>
    public double Slope { get; init; }

    /// <summary>c: the coefficient of √x (<see cref="TimeModelForm.LinearSqrt"/> only, else null).</summary>
    public double? SqrtCoefficient { get; init; }

    /// <summary>Coefficient of determination 1 − SS_res/SS_tot on the fitted points.</summary>
    public double RSquared { get; init; }

    /// <summary>R² adjusted for the number of coefficients: 1 − (1 − R²)(n − 1)/(n − p).</summary>
    public double AdjustedRSquared { get; init; }

    /// <summary>Root-mean-square residual on the fitted points, in the unit of t.</summary>
    public double Rmse { get; init; }

    /// <summary>
    /// Leave-one-out root-mean-square prediction error: each point predicted by the fit to the others
    /// (null when some leave-one-out fit is undetermined, e.g. two models with the same x).
    /// </summary>
    public double? LooRmse { get; init; }

    /// <summary>Number of fitted coefficients: 2 (linear) or 3 (linear + √).</summary>
    public int CoefficientCount => CoefficientsOf(Form);

    /// <summary>The fitted time at <paramref name="x"/>.</summary>
    public double Predict(double x) => Intercept + (Slope * x) + ((SqrtCoefficient ?? 0) * Math.Sqrt(Math.Max(x, 0)));

    internal static int CoefficientsOf(TimeModelForm form) => form == TimeModelForm.Linear ? 2 : 3;
}

/// <summary>How well flops and acts explain measured time across a set of models.</summary>
public sealed record TimeModelComparison
{
    /// <summary>Number of models.</summary>
    public int Count { get; init; }

    /// <summary>Pearson correlation of time with flops (null with fewer than 2 models or no spread).</summary>
    public double? PearsonFlops { get; init; }

    /// <summary>Pearson correlation of time with acts (null with fewer than 2 models or no spread).</summary>
    public double? PearsonActs { get; init; }

    /// <summary>The fits that are determined (n ≥ coefficients + 1): flops and acts, linear and linear + √.</summary>
    public IReadOnlyList<TimeFit> Fits { get; init; } = [];

    /// <summary>The fit with the lowest leave-one-out RMSE (highest adjusted R² when no fit has one); null without fits.</summary>
    public TimeFit? Best { get; init; }

    /// <summary>How <see cref="Best"/> was chosen: <c>loo_rmse</c> (lowest leave-one-out RMSE) or <c>adjusted_r_squared</c>.</summary>
    public string? BestCriterion { get; init; }

    /// <summary><c>flops</c> or <c>acts</c>, whichever correlates more strongly with time (null with fewer than 3 models, where r is ±1 or undefined).</summary>
    public string? BetterCorrelated { get; init; }

    /// <summary>Why there are fewer fits than four, when there are (e.g. "3 models: linear + √ fits need at least 4").</summary>
    public string? Note { get; init; }
}

/// <summary>
/// Pure statistics behind <c>netspace bench infer</c>: Pearson correlation and least-squares fits of time
/// against a complexity measure, <c>t = a + b·x</c> and <c>t = a + b·x + c·√x</c>, solved by Householder QR
/// on a rescaled x (flops of 10⁹ next to √flops of 10⁴ would make normal equations ill-conditioned).
/// </summary>
public static class TimeModelFit
{
    /// <summary>Pearson's r of two equally long series; null with fewer than 2 points or a constant series.</summary>
    public static double? Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"series lengths differ: {x.Count} and {y.Count}");
        }

        if (x.Count < 2)
        {
            return null;
        }

        double r = Analysis.Correlation.Pearson(x, y);
        return double.IsNaN(r) ? null : r;
    }

    /// <summary>
    /// Least-squares fit of <paramref name="t"/> against <paramref name="x"/> (x ≥ 0); null when the fit is
    /// undetermined: fewer than coefficients + 1 points, or too few distinct x values.
    /// </summary>
    public static TimeFit? Fit(IReadOnlyList<double> x, IReadOnlyList<double> t, TimeModelForm form, string predictor = "x")
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(t);
        if (x.Count != t.Count)
        {
            throw new ArgumentException($"series lengths differ: {x.Count} and {t.Count}");
        }

        if (x.Any(v => v < 0 || !double.IsFinite(v)) || t.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("x must be finite and ≥ 0, t finite");
        }

        int n = x.Count, p = TimeFit.CoefficientsOf(form);
        if (n < p + 1 || Solve(x, t, form) is not { } coefficients)
        {
            return null;
        }

        double mean = t.Average();
        double ssRes = 0, ssTot = 0;
        for (int i = 0; i < n; i++)
        {
            double r = t[i] - Evaluate(coefficients, x[i]);
            ssRes += r * r;
            ssTot += (t[i] - mean) * (t[i] - mean);
        }

        double r2 = ssTot > 0 ? 1 - (ssRes / ssTot) : ssRes <= 0 ? 1 : 0;
        return new TimeFit
        {
            Predictor = predictor,
            Form = form,
            Count = n,
            Intercept = coefficients[0],
            Slope = coefficients[1],
            SqrtCoefficient = form == TimeModelForm.LinearSqrt ? coefficients[2] : null,
            RSquared = r2,
            AdjustedRSquared = 1 - ((1 - r2) * (n - 1) / (n - p)),
            Rmse = Math.Sqrt(ssRes / n),
            LooRmse = LeaveOneOutRmse(x, t, form),
        };
    }

    /// <summary>
    /// Correlations of <paramref name="times"/> with <paramref name="flops"/> and <paramref name="acts"/> and
    /// the four fits (flops/acts × linear/linear + √); the best is the one that predicts a left-out model best.
    /// </summary>
    public static TimeModelComparison Compare(IReadOnlyList<double> flops, IReadOnlyList<double> acts, IReadOnlyList<double> times)
    {
        ArgumentNullException.ThrowIfNull(flops);
        ArgumentNullException.ThrowIfNull(acts);
        ArgumentNullException.ThrowIfNull(times);
        var fits = new List<TimeFit>();
        foreach (var (name, x) in new[] { ("flops", flops), ("acts", acts) })
        {
            foreach (var form in new[] { TimeModelForm.Linear, TimeModelForm.LinearSqrt })
            {
                if (Fit(x, times, form, name) is { } fit)
                {
                    fits.Add(fit);
                }
            }
        }

        TimeFit? best = fits.Where(f => f.LooRmse is not null).MinBy(f => f.LooRmse!.Value);
        string? criterion = best is null ? null : "loo_rmse";
        if (best is null && fits.Count > 0)
        {
            best = fits.MaxBy(f => f.AdjustedRSquared);
            criterion = "adjusted_r_squared";
        }

        double? rf = Pearson(flops, times), ra = Pearson(acts, times);
        int n = times.Count;
        string? better = n < 3 ? null : (rf, ra) switch
        {
            (null, null) => null,
            (not null, null) => "flops",
            (null, not null) => "acts",
            _ => Math.Abs(ra!.Value) > Math.Abs(rf!.Value) ? "acts" : "flops",
        };
        string? note = n switch
        {
            < 2 => $"{n} model{(n == 1 ? string.Empty : "s")}: correlations need at least 2 and fits at least 3",
            < 3 => $"{n} models: r is ±1 by construction; linear fits need at least 3, linear + √ fits at least 4",
            < 4 => $"{n} models: linear + √ fits need at least 4",
            _ => fits.Count < 4 ? "some fits are undetermined (too few distinct values)" : null,
        };
        return new TimeModelComparison
        {
            Count = n,
            PearsonFlops = rf,
            PearsonActs = ra,
            Fits = fits,
            Best = best,
            BestCriterion = criterion,
            BetterCorrelated = better,
            Note = note,
        };
    }

    /// <summary>
    /// Least squares min ‖A·β − y‖ by Householder QR (A is n×p with n ≥ p, row-major); null when A's
    /// columns are (numerically) dependent.
    /// </summary>
    public static double[]? LeastSquares(double[,] design, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(y);
        int n = design.GetLength(0), p = design.GetLength(1);
        if (y.Count != n)
        {
            throw new ArgumentException($"design has {n} rows but y has {y.Count} values");
        }

        if (n < p)
        {
            return null;
        }

        var a = (double[,])design.Clone();
        var b = y.ToArray();
        var columnNorms = new double[p];
        for (int j = 0; j < p; j++)
        {
            double s = 0;
            for (int i = 0; i < n; i++)
            {
                s += a[i, j] * a[i, j];
            }

            columnNorms[j] = Math.Sqrt(s);
        }

        var diagonal = new double[p];
        for (int k = 0; k < p; k++)
        {
            double norm = 0;
            for (int i = k; i < n; i++)
            {
                norm += a[i, k] * a[i, k];
            }

            norm = Math.Sqrt(norm);
            if (norm <= 1e-10 * Math.Max(columnNorms[k], double.Epsilon))
            {
                return null;
            }

            double alpha = a[k, k] > 0 ? -norm : norm;
            // v = a[k.., k] − α·e₁, stored in place; H = I − 2vvᵀ/(vᵀv).
            a[k, k] -= alpha;
            double vtv = 0;
            for (int i = k; i < n; i++)
            {
                vtv += a[i, k] * a[i, k];
            }

            for (int j = k + 1; j < p; j++)
            {
                double dot = 0;
                for (int i = k; i < n; i++)
                {
                    dot += a[i, k] * a[i, j];
                }

                double f = 2 * dot / vtv;
                for (int i = k; i < n; i++)
                {
                    a[i, j] -= f * a[i, k];
                }
            }

            double dotB = 0;
            for (int i = k; i < n; i++)
            {
                dotB += a[i, k] * b[i];
            }

            double fb = 2 * dotB / vtv;
            for (int i = k; i < n; i++)
            {
                b[i] -= fb * a[i, k];
            }

            diagonal[k] = alpha;
        }

        var beta = new double[p];
        for (int k = p - 1; k >= 0; k--)
        {
            double s = b[k];
            for (int j = k + 1; j < p; j++)
            {
                s -= a[k, j] * beta[j];
            }

            beta[k] = s / diagonal[k];
        }

        return beta;
    }

    private static double[]? Solve(IReadOnlyList<double> x, IReadOnlyList<double> t, TimeModelForm form)
    {
        int n = x.Count, p = TimeFit.CoefficientsOf(form);
        double scale = x.Max();
        if (!(scale > 0))
        {
            return null;
        }

        var design = new double[n, p];
        for (int i = 0; i < n; i++)
        {
            double u = x[i] / scale;
            design[i, 0] = 1;
            design[i, 1] = u;
            if (p == 3)
            {
                design[i, 2] = Math.Sqrt(u);
            }
        }

        if (LeastSquares(design, t) is not { } beta)
        {
            return null;
        }

        // t = a + b'·(x/s) + c'·√(x/s)  ⇒  b = b'/s, c = c'/√s.
        var coefficients = new double[p];
        coefficients[0] = beta[0];
        coefficients[1] = beta[1] / scale;
        if (p == 3)
        {
            coefficients[2] = beta[2] / Math.Sqrt(scale);
        }

        return coefficients;
    }

    private static double Evaluate(double[] coefficients, double x) =>
        coefficients[0] + (coefficients[1] * x) + (coefficients.Length > 2 ? coefficients[2] * Math.Sqrt(x) : 0);

    private static double? LeaveOneOutRmse(IReadOnlyList<double> x, IReadOnlyList<double> t, TimeModelForm form)
    {
        int n = x.Count;
        double sum = 0;
        for (int leave = 0; leave < n; leave++)
        {
            var xs = new List<double>(n - 1);
            var ts = new List<double>(n - 1);
            for (int i = 0; i < n; i++)
            {
                if (i != leave)
                {
                    xs.Add(x[i]);
                    ts.Add(t[i]);
                }
            }

            if (Solve(xs, ts, form) is not { } c)
            {
                return null;
            }

            double r = t[leave] - Evaluate(c, x[leave]);
            sum += r * r;
        }

        return Math.Sqrt(sum / n);
    }
}
