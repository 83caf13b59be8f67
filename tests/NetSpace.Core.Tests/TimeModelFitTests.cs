using NetSpace.Bench;

namespace NetSpace.Tests;

public class TimeModelFitTests
{
    [Fact]
    public void PearsonOfHandComputedSeries()
    {
        Assert.Equal(1.0, TimeModelFit.Pearson([1, 2, 3, 4], [2, 4, 6, 8])!.Value, 12);
        Assert.Equal(-1.0, TimeModelFit.Pearson([1, 2, 3, 4], [8, 6, 4, 2])!.Value, 12);
        // dx = (−1, 0, 1), dy = (−1, 1, 0): Sxy = 1, Sxx = Syy = 2 → r = 1/2.
        Assert.Equal(0.5, TimeModelFit.Pearson([1, 2, 3], [1, 3, 2])!.Value, 12);
    }

    [Fact]
    public void PearsonIsUndefinedForConstantOrTooShortSeries()
    {
        Assert.Null(TimeModelFit.Pearson([1, 2, 3], [5, 5, 5]));
        Assert.Null(TimeModelFit.Pearson([7], [1]));
        Assert.Throws<ArgumentException>(() => TimeModelFit.Pearson([1, 2], [1, 2, 3]));
    }

    [Fact]
    public void LeastSquaresSolvesTheNormalEquations()
    {
        // Aᵀ A = [[3, 3], [3, 5]], Aᵀ y = [7, 10] → β = (5/6, 3/2).
        var beta = TimeModelFit.LeastSquares(new double[,] { { 1, 0 }, { 1, 1 }, { 1, 2 } }, [1, 2, 4])!;
        Assert.Equal(5.0 / 6.0, beta[0], 12);
        Assert.Equal(1.5, beta[1], 12);
        Assert.Null(TimeModelFit.LeastSquares(new double[,] { { 1, 2 }, { 2, 4 }, { 3, 6 } }, [1, 2, 3]));
    }

    [Fact]
    public void LinearFitOfHandComputedPoints()
    {
        // x̄ = 1.5, t̄ = 2.75, Sxx = 5, Sxt = 5.5 → b = 1.1, a = 1.1; residuals (−0.1, 0.8, −1.3, 0.6),
        // SS_res = 2.7, SS_tot = 8.75.
        double[] x = [0, 1, 2, 3];
        double[] t = [1, 3, 2, 5];
        var fit = TimeModelFit.Fit(x, t, TimeModelForm.Linear, "flops")!;
        Assert.Equal(1.1, fit.Intercept, 12);
        Assert.Equal(1.1, fit.Slope, 12);
        Assert.Null(fit.SqrtCoefficient);
        Assert.Equal(1 - (2.7 / 8.75), fit.RSquared, 12);
        Assert.Equal(1 - (2.7 / 8.75 * 3 / 2), fit.AdjustedRSquared, 12);
        Assert.Equal(Math.Sqrt(2.7 / 4), fit.Rmse, 12);
        Assert.Equal("t = a + b·flops", fit.Formula);

        // Leave-one-out residual = e_i / (1 − h_ii) with h_ii = 1/n + (x_i − x̄)²/Sxx = (0.7, 0.3, 0.3, 0.7).
        double[] e = [-0.1, 0.8, -1.3, 0.6];
        double[] h = [0.7, 0.3, 0.3, 0.7];
        double press = e.Zip(h, (r, hi) => Math.Pow(r / (1 - hi), 2)).Sum();
        Assert.Equal(Math.Sqrt(press / 4), fit.LooRmse!.Value, 10);
        Assert.Equal(4.4, fit.Predict(3), 12);
    }

    [Fact]
    public void LinearPlusSqrtFitRecoversExactCoefficients()
    {
        double[] x = [1, 4, 9, 16, 25];
        var t = x.Select(v => 2 + (0.5 * v) + (3 * Math.Sqrt(v))).ToArray();
        var fit = TimeModelFit.Fit(x, t, TimeModelForm.LinearSqrt, "acts")!;
        Assert.Equal(2, fit.Intercept, 9);
        Assert.Equal(0.5, fit.Slope, 9);
        Assert.Equal(3, fit.SqrtCoefficient!.Value, 9);
        Assert.Equal(1, fit.RSquared, 12);
        Assert.Equal(0, fit.LooRmse!.Value, 8);
        Assert.Equal("t = a + b·acts + c·√acts", fit.Formula);
    }

    [Fact]
    public void FitsAreWellConditionedAtFlopScale()
    {
        // Flops of 10⁸–10¹⁰ next to √flops of 10⁴–10⁵: raw normal equations would lose most digits.
        double[] x = [2e8, 4e8, 8e8, 1.6e9, 3.2e9, 6.4e9, 1.6e10];
        var t = x.Select(v => 1.5 + (2e-9 * v) + (1e-4 * Math.Sqrt(v))).ToArray();
        var fit = TimeModelFit.Fit(x, t, TimeModelForm.LinearSqrt)!;
        Assert.Equal(1.5, fit.Intercept, 6);
        Assert.Equal(2e-9, fit.Slope, 15);
        Assert.Equal(1e-4, fit.SqrtCoefficient!.Value, 10);
    }

    [Fact]
    public void UndeterminedFitsAreNull()
    {
        Assert.Null(TimeModelFit.Fit([1, 2], [1, 2], TimeModelForm.Linear));
        Assert.Null(TimeModelFit.Fit([1, 2, 3], [1, 2, 3], TimeModelForm.LinearSqrt));
        Assert.Null(TimeModelFit.Fit([5, 5, 5, 5], [1, 2, 3, 4], TimeModelForm.Linear));
        Assert.Throws<ArgumentException>(() => TimeModelFit.Fit([-1, 2, 3], [1, 2, 3], TimeModelForm.Linear));
    }

    [Fact]
    public void CompareFindsThePredictorThatExplainsTime()
    {
        // Time is exactly linear in acts; flops are unrelated to the ordering of time.
        double[] acts = [1e6, 2e6, 3e6, 4e6, 5e6, 6e6];
        double[] flops = [6e8, 1e8, 5e8, 2e8, 4e8, 3e8];
        var times = acts.Select(a => 0.5 + (1e-6 * a)).ToArray();
        var c = TimeModelFit.Compare(flops, acts, times);
        Assert.Equal(6, c.Count);
        Assert.Equal(1.0, c.PearsonActs!.Value, 12);
        Assert.True(Math.Abs(c.PearsonFlops!.Value) < 0.5);
        Assert.Equal("acts", c.BetterCorrelated);
        Assert.Equal(4, c.Fits.Count);
        Assert.Equal("acts", c.Best!.Predictor);
        Assert.Equal("loo_rmse", c.BestCriterion);
        Assert.Null(c.Note);
    }

    [Fact]
    public void CompareExplainsMissingFits()
    {
        var three = TimeModelFit.Compare([1, 2, 3], [3, 1, 2], [1, 2, 3.5]);
        Assert.Equal(2, three.Fits.Count);
        Assert.All(three.Fits, f => Assert.Equal(TimeModelForm.Linear, f.Form));
        Assert.Contains("at least 4", three.Note, StringComparison.Ordinal);

        var two = TimeModelFit.Compare([1, 2], [2, 1], [1, 2]);
        Assert.Equal(1.0, two.PearsonFlops!.Value, 12);
        Assert.Null(two.BetterCorrelated); // r = ±1 by construction
        Assert.Empty(two.Fits);

        var one = TimeModelFit.Compare([1], [1], [1]);
        Assert.Empty(one.Fits);
        Assert.Null(one.Best);
        Assert.Null(one.PearsonFlops);
        Assert.Null(one.BetterCorrelated);
    }
}
