using NetSpace.Analysis;
using NetSpace.Complexity;
using NetSpace.Reports;
using NetSpace.Specs;
using NetSpace.Sweeps;
using NetSpace.Training;

namespace NetSpace.Tests;

/// <summary>Populations of real specs with made-up errors whose best model is known.</summary>
internal static class SyntheticPopulations
{
    /// <summary>
    /// RegNet models on a grid of wm and depth; error = 0.10 + 0.05·|wm − 2.5| + 0.002·|d − 16| (+ index jitter),
    /// so the best model has wm = 2.5 and d = 16.
    /// </summary>
    public static SweepPopulation RegNet(string name = "regnet")
    {
        var outcomes = new List<TrialOutcome>();
        int index = 0;
        foreach (double wm in (double[])[2.0, 2.25, 2.5, 2.75, 3.0])
        {
            foreach (int d in (int[])[10, 13, 16, 19])
            {
                var p = new RegNetParameters { Depth = d, W0 = 24, Wa = 24 + (2 * index), Wm = wm, GroupWidth = 8 };
                var spec = RegNetGenerator.ToSpec(p).Retarget(28, 1, 10, StemType.Small);
                double error = 0.10 + (0.05 * Math.Abs(wm - 2.5)) + (0.002 * Math.Abs(d - 16)) + (0.0001 * index);
                outcomes.Add(Outcome(name, index++, spec, error));
            }
        }

        return Population(name, "regnetx", outcomes);
    }

    /// <summary>AnyNet-like models (fixed 4-stage shapes of growing width) with errors 0.15 + 0.01·k.</summary>
    public static SweepPopulation AnyNet(string name = "anynet", int count = 12)
    {
        var outcomes = new List<TrialOutcome>();
        for (int k = 0; k < count; k++)
        {
            int w = 16 + (8 * (k % 4));
            var spec = new NetworkSpec
            {
                Input = new InputSpec { Size = 28, Channels = 1 },
                Stem = new StemSpec { Type = StemType.Small, Width = 16 },
                Stages =
                [
                    new StageSpec { Depth = 1 + (k % 3), Width = w, GroupWidth = 8 },
                    new StageSpec { Depth = 1 + (k % 2), Width = 2 * w, GroupWidth = 8 },
                    new StageSpec { Depth = 2, Width = 4 * w, GroupWidth = 8 },
                    new StageSpec { Depth = 1, Width = 8 * w, GroupWidth = 8 },
                ],
                Head = new HeadSpec { Classes = 10 },
            };
            outcomes.Add(Outcome(name, k, spec, 0.15 + (0.01 * k)));
        }

        return Population(name, "anynetx-a", outcomes);
    }

    private static TrialOutcome Outcome(string sweep, int index, NetworkSpec spec, double error)
    {
        var complexity = NetworkComplexity.Measure(spec);
        var epochs = Enumerable.Range(1, 3).Select(e => new EpochMetrics
        {
            Epoch = e,
            TrainLoss = 2.0 / e,
            TrainTop1Error = error + (0.1 / e),
            ValTop1Error = error + (0.05 * (3 - e)),
            TestTop1Error = error + 0.01 + (0.05 * (3 - e)),
        }).ToArray();
        var trial = new TrialRecord
        {
            Id = index + 1,
            Sweep = sweep,
            Index = index,
            Name = $"{sweep}-{index:D3}",
            Spec = spec,
            Seed = index,
            Complexity = complexity,
            Status = TrialStatus.Completed,
            Result = new TrainingResult
            {
                Epochs = 3,
                BestEpoch = 3,
                BestTop1Error = error,
                TestTop1Error = error + 0.01,
                Flops = complexity.Flops,
                Params = complexity.Params,
                Acts = complexity.Acts,
                TrainSeconds = 10 + index,
            },
        };
        return new TrialOutcome(trial, error, epochs, DesignParameters.Extract(spec, complexity));
    }

    private static SweepPopulation Population(string name, string space, IReadOnlyList<TrialOutcome> outcomes) =>
        SweepPopulation.From(
            new SweepDefinition { Name = name, Space = space, Data = "fashion-mnist", Samples = outcomes.Count, ValSplit = 0.2, Stem = StemType.Small },
            outcomes,
            new TrialCounts(0, 0, outcomes.Count, 0));
}
