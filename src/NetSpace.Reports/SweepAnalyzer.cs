using NetSpace.Analysis;
using NetSpace.Specs;

namespace NetSpace.Reports;

/// <summary>
/// Turns trained populations into the numbers of the RegNet paper's analysis: error EDFs, normalized EDFs
/// on common complexity bins, pairwise KS distances, empirical-bootstrap ranges of the best model's
/// parameters, binned error trends, and how well the quantized linear rule fits each model.
/// </summary>
public static class SweepAnalyzer
{
    /// <summary>Analyses <paramref name="sweeps"/> (each with at least one completed trial).</summary>
    public static AnalysisSummary Analyze(IReadOnlyList<SweepPopulation> sweeps, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(sweeps);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (sweeps.Count == 0)
        {
            throw new ArgumentException("no sweeps to analyse");
        }

        foreach (var sweep in sweeps)
        {
            if (sweep.Trials.Count == 0)
            {
                throw new ArgumentException($"sweep '{sweep.Name}' has no completed trials yet ({sweep.Counts.Unfinished} unfinished, {sweep.Counts.Failed} failed); run 'netspace sweep run {sweep.Name}' first");
            }
        }

        var complexities = sweeps.Select(s => s.Trials.Select(t => Complexity(t, options.Metric)).ToArray()).ToArray();
        double lo = complexities.Min(c => c.Min());
        double hi = complexities.Max(c => c.Max());
        var edfs = new ErrorEdf[sweeps.Count];
        var normalized = new ErrorEdf[sweeps.Count];
        var summaries = new SweepSummary[sweeps.Count];
        for (int i = 0; i < sweeps.Count; i++)
        {
            var errors = sweeps[i].Trials.Select(t => t.Error).ToArray();
            edfs[i] = new ErrorEdf(errors);
            normalized[i] = new ErrorEdf(errors, NormalizedWeights.Compute(complexities[i], options.Bins, lo, hi));
            summaries[i] = Summarize(sweeps[i], edfs[i], normalized[i], options);
        }

        var comparisons = new List<EdfComparison>();
        for (int a = 0; a < sweeps.Count; a++)
        {
            for (int b = a + 1; b < sweeps.Count; b++)
            {
                comparisons.Add(ComparisonConclusion.Complete(
                    new EdfComparison(
                        sweeps[a].Name,
                        sweeps[b].Name,
                        KolmogorovSmirnov.Distance(edfs[a], edfs[b]),
                        KolmogorovSmirnov.Distance(normalized[a], normalized[b])),
                    edfs[a].Errors,
                    edfs[b].Errors,
                    options));
            }
        }

        return new AnalysisSummary
        {
            CreatedAt = DateTimeOffset.UtcNow,
            Options = options,
            ComplexityRange = [lo, hi],
            Sweeps = summaries,
            Comparisons = comparisons,
        };
    }

    private static double Complexity(TrialOutcome t, string metric) =>
        metric == "params" ? t.Trial.Complexity.Params : t.Trial.Complexity.Flops;

    private static SweepSummary Summarize(SweepPopulation sweep, ErrorEdf edf, ErrorEdf normalized, AnalysisOptions options)
    {
        var trials = sweep.Trials;
        var errors = trials.Select(t => t.Error).ToArray();
        // The same seed for every sweep: a sweep's ranges do not depend on which other sweeps it is compared with
        // (and equal those `space refine` uses, which bootstraps one sweep with the same default seed).
        var best = Bootstrap.BootstrapBest(errors, options.Fraction, options.Draws, options.Seed);
        var parameters = new List<ParameterTrend>();
        foreach (var first in trials[0].Parameters)
        {
            var values = trials.Select(t => t.Value(first.Name) ?? double.NaN).ToArray();
            if (values.Any(double.IsNaN) || values.Min() == values.Max())
            {
                continue; // absent from some models, or constant: nothing to learn
            }

            var interval = Bootstrap.Interval(values, best);
            bool log = first.LogScale && values.Min() > 0; // e.g. a fitted wa of 0 has no log
            parameters.Add(new ParameterTrend
            {
                Name = first.Name,
                Label = first.Label,
                LogScale = log,
                Low = interval.Low,
                Median = interval.Median,
                High = interval.High,
                Min = values.Min(),
                Max = values.Max(),
                Bins = BinnedTrend.Compute(values, errors, options.TrendBins, log)
                    .Select(b => new[] { b.Center, b.Count, b.Median, b.P25, b.P75 }).ToArray(),
                Spearman = Defined(Correlation.Spearman(values, errors)),
            });
        }

        var fitErrors = trials.Select(t => t.Value("e_fit") ?? double.NaN).ToArray();
        var order = Enumerable.Range(0, trials.Count).OrderBy(i => errors[i]).ThenBy(i => trials[i].Trial.Index).ToArray();
        int shown = Math.Min(options.Models, trials.Count);
        var definition = sweep.Definition;
        return new SweepSummary
        {
            Name = sweep.Name,
            Space = definition.Space,
            Config = new SweepConfig
            {
                Data = definition.Data,
                Subset = definition.Subset,
                ValSplit = definition.ValSplit,
                Windows = definition.Constraints.Describe(),
                Stem = definition.Stem?.ToString().ToLowerInvariant(),
                Samples = definition.Samples,
                Seed = definition.Seed,
                Recipe = definition.Recipe,
            },
            Completed = trials.Count,
            Failed = sweep.Counts.Failed,
            Unfinished = sweep.Counts.Unfinished,
            Errors = new ErrorStats(edf.N, edf.Min, edf.Mean, edf.Median),
            Edf = edf.Steps.Select(p => new[] { p.Error, p.Cumulative }).ToArray(),
            NormalizedEdf = normalized.Steps.Select(p => new[] { p.Error, p.Cumulative }).ToArray(),
            Parameters = parameters,
            Fit = new FitRelation(fitErrors.Average(), Defined(Correlation.Pearson(fitErrors, errors)), Defined(Correlation.Spearman(fitErrors, errors))),
            Best = order.Take(shown).Select(i => Model(trials[i])).ToArray(),
            Worst = order.Reverse().Take(shown).Select(i => Model(trials[i])).ToArray(),
            Trials = trials.Select(t => new TrialRow(
                t.Trial.Index,
                t.Trial.Name,
                t.Error,
                t.Trial.Result!.TestTop1Error,
                t.Trial.Result.TrainSeconds,
                // A stage the model does not have (fewer than 4 stages) has no width: left out, JSON has no NaN.
                t.Parameters.Where(p => double.IsFinite(p.Value)).ToDictionary(p => p.Name, p => p.Value))).ToArray(),
        };
    }

    private static double? Defined(double v) => double.IsFinite(v) ? v : null;

    private static ModelSummary Model(TrialOutcome t)
    {
        var stages = t.Trial.Spec.Stages;
        var blocks = stages.SelectMany(s => Enumerable.Repeat(s.Width, s.Depth)).ToArray();
        // The fit was made once by DesignParameters (with the spec's quantum); regenerate its widths from it.
        double w0 = t.Value("fit_w0")!.Value, wa = t.Value("fit_wa")!.Value, wm = t.Value("fit_wm")!.Value;
        var fitted = RegNetGenerator.Widths(wa, (int)w0, wm, blocks.Length, t.Trial.Spec.RegNet?.Quantum ?? 8).BlockWidths;
        return new ModelSummary
        {
            Index = t.Trial.Index,
            Name = t.Trial.Name,
            Error = t.Error,
            TestError = t.Trial.Result!.TestTop1Error,
            Flops = t.Trial.Complexity.Flops,
            Params = t.Trial.Complexity.Params,
            Acts = t.Trial.Complexity.Acts,
            Depths = stages.Select(s => s.Depth).ToArray(),
            Widths = stages.Select(s => s.Width).ToArray(),
            GroupWidths = stages.Select(s => s.GroupWidth).ToArray(),
            Bottlenecks = stages.Select(s => s.Bottleneck).ToArray(),
            BlockWidths = blocks,
            Fit = [w0, wa, wm, t.Value("e_fit")!.Value],
            FitWidths = fitted,
            Epochs = t.Epochs,
        };
    }
}
