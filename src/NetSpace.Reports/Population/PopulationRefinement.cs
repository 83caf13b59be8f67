using System.Globalization;
using NetSpace.DesignSpaces;

namespace NetSpace.Reports;

/// <summary>
/// The RegNet paper's refinement step on a finished population: the empirical-bootstrap 95% ranges of d, w0, wa, wm
/// and g among its best models restrict the parent RegNet space (<see cref="SpaceRefinement"/>). Used by
/// <c>netspace space refine</c> and by studies.
/// </summary>
public static class PopulationRefinement
{
    /// <summary>The fewest completed trials the bootstrap accepts.</summary>
    public const int MinimumTrials = 8;

    /// <summary>
    /// Refines the space <paramref name="population"/> was sampled from; throws <see cref="ArgumentException"/> when it
    /// is not a RegNet space or has fewer than <see cref="MinimumTrials"/> completed trials.
    /// </summary>
    public static RefinedSpace Refine(SweepPopulation population, AnalysisOptions options, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(options);
        var parent = DesignSpaceCatalog.Get(population.Definition.Space);
        if (parent.Definition.RegNet is null)
        {
            throw new ArgumentException($"'{population.Name}' was sampled from '{population.Definition.Space}', not a RegNet space; only d, w0, wa, wm and g can be refined", nameof(population));
        }

        if (population.Trials.Count < MinimumTrials)
        {
            throw new ArgumentException($"'{population.Name}' has {population.Trials.Count} completed trials; the bootstrap needs at least {MinimumTrials}", nameof(population));
        }

        options.Validate();
        var summary = SweepAnalyzer.Analyze([population], options).Sweeps[0];
        var ranges = new Dictionary<string, (double Low, double High)>();
        foreach (var (key, analysisName) in SpaceRefinement.Parameters)
        {
            if (summary.Parameters.FirstOrDefault(p => p.Name == analysisName) is { } trend)
            {
                ranges[key] = (trend.Low, trend.High);
            }
        }

        string refinedName = name ?? $"{Path.GetFileNameWithoutExtension(parent.Name)}-refined";
        string description = string.Create(
            CultureInfo.InvariantCulture,
            $"{parent.Name} refined by the bootstrap (95% ranges of the best 25%, {options.Draws} draws, seed {options.Seed}) of sweep {population.Name} ({population.Trials.Count} models): ")
            + string.Join(", ", ranges.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} [{r.Value.Low:0.###}, {r.Value.High:0.###}]")));
        return new RefinedSpace(parent, SpaceRefinement.Refine(parent.Definition, ranges, refinedName, description));
    }
}

/// <summary>A refined space and the space it came from.</summary>
/// <param name="Parent">The population's space.</param>
/// <param name="Definition">The refined space (write it with <see cref="DesignSpaceDefinition.ToJson"/>).</param>
public sealed record RefinedSpace(DesignSpace Parent, DesignSpaceDefinition Definition)
{
    /// <summary>What changed, one line per parameter.</summary>
    public IEnumerable<string> Describe() => SpaceRefinement.Describe(Parent.Definition, Definition);
}
