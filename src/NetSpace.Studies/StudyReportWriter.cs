using System.Globalization;
using System.Text;
using System.Text.Json;
using NetSpace.Reports;
using NetSpace.Serialization;
using NetSpace.Sweeps;

namespace NetSpace.Studies;

/// <summary>
/// Writes a study's report folder: <c>report.md</c> (steps, populations, ladder, rank stability, final table, cost),
/// <c>study-report.json</c>, <c>results.json</c> once the final step finished, and the populations' comparison
/// (EDFs, normalized EDFs, KS with a stated conclusion) as the analysis report under <c>populations/</c>, with one
/// more under <c>refined-SPACE/</c> per refined space against its parent. Every file is written atomically.
/// </summary>
public static class StudyReportWriter
{
    /// <summary>Folder of the report that holds the winner's median-seed run (<see cref="RunFiles"/>).</summary>
    public const string FinalRunFolder = "final-run";

    /// <summary>What a run folder needs for <c>netspace eval --run</c> and for reading its history.</summary>
    public static readonly IReadOnlyList<string> RunFiles = ["spec.json", "recipe.json", "result.json", "metrics.jsonl", "weights"];

    /// <summary>
    /// Writes the folder; returns the path of report.md. With <paramref name="runsDirectory"/> (the study's
    /// <c>runs/</c>), the winner's run whose test accuracy is the median over its seeds (the lower middle for an
    /// even count) is copied to <see cref="FinalRunFolder"/> without its checkpoint, so a committed report carries a
    /// network that <c>netspace eval --run</c> evaluates to that accuracy.
    /// </summary>
    public static string Write(ITrialStore store, StudyFile study, StudyReport report, string directory, AnalysisOptions? analysis = null, string? runsDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        var options = analysis ?? new AnalysisOptions { Draws = study.Analysis.Draws, Seed = study.Analysis.Seed };
        var links = new List<(string Title, string Folder)>();
        var spaces = study.Populations.Spaces.Select(s => StudySweeps.Population(study, s)).ToArray();
        if (report.Populations.Count == spaces.Length + study.Refine.Count && spaces.Length >= 1)
        {
            const string populations = "populations";
            ReportWriter.Write(StoreAnalysis.Analyze(store, spaces, options), Path.Combine(directory, populations), store.Location);
            links.Add(("populations compared (EDFs, KS, conclusion)", populations));
            foreach (string key in study.Refine)
            {
                string folder = $"refined-{key}";
                ReportWriter.Write(StoreAnalysis.Analyze(store, [StudySweeps.Population(study, key), StudySweeps.Refined(study, key)], options), Path.Combine(directory, folder), store.Location);
                links.Add(($"{key} against its refinement", folder));
            }
        }

        AtomicFile.WriteAllText(Path.Combine(directory, "study-report.json"), JsonSerializer.Serialize(report, SpecJson.Options) + "\n");
        (FinalRun Run, bool IsMedian)? copied = null;
        if (report.Final.Count > 0 && report.FinalSweep is { } finalSweep && runsDirectory is not null)
        {
            copied = CopyMedianRun(report.Final[0], Path.Combine(runsDirectory, finalSweep), Path.Combine(directory, FinalRunFolder));
        }

        if (report.Final.Count == 0)
        {
            // No final is the study's answer (yet): a results.json or final run from an earlier report (e.g. of a final
            // whose recipe has since become one of several choices) would claim otherwise.
            File.Delete(Path.Combine(directory, "results.json"));
            if (Directory.Exists(Path.Combine(directory, FinalRunFolder)))
            {
                Directory.Delete(Path.Combine(directory, FinalRunFolder), recursive: true);
            }
        }
        else
        {
            var winner = report.Final[0];
            var results = new
            {
                model = winner.Name,
                run = copied is not { } c ? null : new { folder = FinalRunFolder, trial = c.Run.Trial, seed = c.Run.Seed, test_accuracy = c.Run.TestAccuracy, median = c.IsMedian },
                test_accuracy = new { mean = winner.TestAccuracy.Mean, std = winner.TestAccuracy.Std, n = winner.TestAccuracy.N, ci95 = winner.TestAccuracy.Low is null ? null : new[] { winner.TestAccuracy.Low, winner.TestAccuracy.High } },
                flops = winner.Flops,
                @params = winner.Params,
                core_hours = Math.Round(report.CoreHours, 3),
                core_hours_lower_bound = report.CoreHoursLowerBound,
            };
            AtomicFile.WriteAllText(Path.Combine(directory, "results.json"), JsonSerializer.Serialize(results, SpecJson.Options) + "\n");
        }

        string path = Path.Combine(directory, "report.md");

        // A store file is named relative to the report, so a committed report does not carry this machine's paths.
        string shown = File.Exists(report.Store) ? Path.GetRelativePath(Path.GetFullPath(directory), report.Store) : report.Store;
        AtomicFile.WriteAllText(path, Markdown(report with { Store = shown }, links, copied?.Run, copied?.IsMedian ?? true));
        return path;
    }

    // Copies the median seed's run folder (RunFiles only) to target through a temporary folder. When the median's folder
    // lacks a file (e.g. its weights were lost with a machine), the complete run nearest to the median accuracy is copied
    // instead and said so; null when no run's folder is complete.
    private static (FinalRun Run, bool IsMedian)? CopyMedianRun(FinalModel winner, string sweepRuns, string target)
    {
        var ordered = winner.Runs.OrderBy(r => r.TestAccuracy).ThenBy(r => r.Seed).ToArray();
        if (ordered.Length == 0)
        {
            return null;
        }

        var median = ordered[(ordered.Length - 1) / 2];
        bool Complete(FinalRun r) => RunFiles.All(f => File.Exists(Path.Combine(sweepRuns, r.Trial, f)));
        var chosen = Complete(median) ? median : ordered.Where(Complete).OrderBy(r => Math.Abs(r.TestAccuracy - median.TestAccuracy)).ThenBy(r => r.Seed).FirstOrDefault();
        if (chosen is null)
        {
            return null;
        }

        string source = Path.Combine(sweepRuns, chosen.Trial);
        string temp = target + ".tmp";
        if (Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }

        Directory.CreateDirectory(temp);
        foreach (string f in RunFiles)
        {
            File.Copy(Path.Combine(source, f), Path.Combine(temp, f));
        }

        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Directory.Move(temp, target);
        return (chosen, ReferenceEquals(chosen, median));
    }

    /// <summary>The report as Markdown.</summary>
    /// <param name="report">The report.</param>
    /// <param name="links">Population comparisons (title, folder of the analysis report relative to report.md).</param>
    /// <param name="finalRun">The final run copied to <see cref="FinalRunFolder"/>, if any.</param>
    /// <param name="finalRunIsMedian">False when the median seed's folder was incomplete and <paramref name="finalRun"/> is the complete run nearest to it.</param>
    public static string Markdown(StudyReport report, IReadOnlyList<(string Title, string Folder)> links, FinalRun? finalRun = null, bool finalRunIsMedian = true)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(links);
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');
        string P(double v) => double.IsNaN(v) ? "–" : (100 * v).ToString("0.00", CultureInfo.InvariantCulture) + " %";
        string F(double v, string format = "0.000") => v.ToString(format, CultureInfo.InvariantCulture);

        Line($"# Study {report.Name}");
        Line();
        if (report.Description is { } description)
        {
            Line(description);
            Line();
        }

        Line($"Store: `{report.Store}`. Total cost so far: {report.CoreHoursText} core-hours{(report.CoreHoursLowerBound ? " (a lower bound: see the cost table)" : string.Empty)}.");
        Line();
        if (report.Final.Count > 0)
        {
            var winner = report.Final[0];
            Line($"**Result:** {winner.Name} ({F(winner.Flops / 1e6, "0.0")}M flops, {F(winner.Params / 1e6, "0.00")}M params) reaches a test accuracy of {winner.TestAccuracy.Format(100)} % over {winner.TestAccuracy.N} seed{(winner.TestAccuracy.N == 1 ? string.Empty : "s")} (the last epoch of each run; every choice before it was made on validation).");
            if (finalRun is not null)
            {
                Line();
                string which = finalRunIsMedian ? "The median seed's run" : "The median seed's run folder is incomplete (its weights are missing); the complete run nearest to the median";
                Line($"{which} (seed {finalRun.Seed}, {P(finalRun.TestAccuracy)} test accuracy) is in [`{FinalRunFolder}/`]({FinalRunFolder}): `netspace eval --run {FinalRunFolder}` (from this folder) reproduces it.");
            }

            Line();
        }

        Line("## Steps");
        Line();
        Line("| step | sweep | state | trials (completed / failed / total) | best error |");
        Line("|---|---|---|---|---|");
        foreach (var s in report.Steps)
        {
            string counts = s.Counts is { } c ? $"{c.Completed} / {c.Failed} / {c.Total}" : "–";
            Line($"| {s.Step} | `{s.Sweep}` | {s.State.ToString().ToLowerInvariant()} | {counts} | {(s.BestError is double e ? P(e) : "–")} |");
        }

        Line();
        if (links.Count > 0)
        {
            Line("## Comparison of the populations");
            Line();
            foreach (var (title, folder) in links)
            {
                // The analysis report in full, then its two EDF figures inline, so the Markdown shows the comparison.
                Line($"[{title}]({folder}/{ReportWriter.ReportFile}):");
                Line();
                Line($"![error EDFs]({folder}/{ReportWriter.PngLink(ReportCharts.EdfId)}) ![normalized error EDFs]({folder}/{ReportWriter.PngLink(ReportCharts.NormalizedEdfId)})");
                Line();
            }
        }

        if (report.Populations.Count > 0)
        {
            Line("## Populations (validation top-1 error)");
            Line();
            Line("| sweep | space | models | median | best | best model |");
            Line("|---|---|---|---|---|---|");
            foreach (var p in report.Populations)
            {
                Line($"| `{p.Sweep}`{(p.Sweep == report.BestSpace ? " (best)" : string.Empty)} | {Path.GetFileName(p.Space)} | {p.Completed} | {P(p.MedianError)} | {P(p.BestError)} | {p.Best} |");
            }

            Line();
        }

        foreach (var r in report.Refinements)
        {
            Line($"## Refinement of {r.Space} (`{r.Sweep}`)");
            Line();
            foreach (string change in r.Changes)
            {
                Line($"- {change}");
            }

            Line();
        }

        if (report.Ladder.Count > 0)
        {
            Line("## Promotion ladder (validation top-1 error)");
            Line();
            foreach (var rung in report.Ladder)
            {
                Line($"Rung {rung.Rung}, {rung.Epochs} epochs (`{rung.Sweep}`):");
                Line();
                Line("| model | error below | error here | advanced |");
                Line("|---|---|---|---|");
                foreach (var e in rung.Entries)
                {
                    Line($"| {e.Name} | {P(e.PreviousError)} | {P(e.Error)} | {(e.Advanced ? "yes" : "no")} |");
                }

                Line();
            }
        }

        if (report.RankStability.Count > 0)
        {
            Line("## Rank stability across fidelities");
            Line();
            Line("Spearman ρ between the validation errors of the same models at a lower and a higher fidelity (1: the short schedule ranks models exactly as the longer one, the assumption behind low-fidelity populations).");
            Line();
            Line("| between | models | ρ |");
            Line("|---|---|---|");
            foreach (var r in report.RankStability)
            {
                Line($"| {r.Between} | {r.Models} | {F(r.Spearman, "0.00")} |");
            }

            Line();
        }

        if (report.RecipeChoiceErrors is { } choices)
        {
            Line("## Final recipe, chosen on validation");
            Line();
            for (int j = 0; j < choices.Count; j++)
            {
                Line($"- choice {j + 1}: mean validation error {P(choices[j])}{(choices[j] == choices.Min() ? " (chosen)" : string.Empty)}");
            }

            Line();
        }

        if (report.Final.Count > 0)
        {
            Line("## Final training (test top-1 accuracy, last epoch)");
            Line();
            Line("| model | flops | params | seeds | accuracy: mean ± std (95% CI) | runs |");
            Line("|---|---|---|---|---|---|");
            foreach (var m in report.Final)
            {
                Line($"| {m.Name} | {F(m.Flops / 1e6, "0.0")}M | {F(m.Params / 1e6, "0.00")}M | {m.TestAccuracy.N} | {m.TestAccuracy.Format(100)} % | {string.Join(", ", m.Runs.Select(r => $"s{r.Seed}: {P(r.TestAccuracy)}"))} |");
            }

            Line();
        }

        foreach (var other in report.OtherFinals)
        {
            Line($"## Final with recipe choice {other.Choice} ({(report.FinalSweep is null ? "the choice is not made yet" : "not chosen on validation")}; sweep {other.Sweep})");
            Line();
            Line("| model | seeds | accuracy: mean ± std (95% CI) | runs |");
            Line("|---|---|---|---|");
            foreach (var m in other.Models)
            {
                Line($"| {m.Name} | {m.TestAccuracy.N} | {m.TestAccuracy.Format(100)} % | {string.Join(", ", m.Runs.Select(r => $"s{r.Seed}: {P(r.TestAccuracy)}"))} |");
            }

            Line();
        }

        if (report.Cost.Count > 0)
        {
            Line("## Cost");
            Line();
            Line("| step | trials | core-hours |");
            Line("|---|---|---|");
            foreach (var c in report.Cost)
            {
                Line($"| {c.Step} | {c.Trials} | {(c.LowerBound ? "≥ " : string.Empty)}{F(c.CoreHours, "0.00")} |");
            }

            Line($"| total | {report.Cost.Sum(c => c.Trials)} | {report.CoreHoursText} |");
            Line();
            if (report.CoreHoursLowerBound)
            {
                Line("≥: a trial of several attempts whose result records the CPU time of its last attempt only (run checkpoints did not keep CPU time across sittings when it ran).");
                Line();
            }
        }

        return md.ToString();
    }
}
