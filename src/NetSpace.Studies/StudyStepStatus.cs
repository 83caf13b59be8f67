using NetSpace.Sweeps;

namespace NetSpace.Studies;

/// <summary>Where a study step stands, read from the trial store.</summary>
public enum StudyStepState
{
    /// <summary>Every trial finished.</summary>
    Done,

    /// <summary>The sweep exists with unfinished trials (running on some machine, or interrupted).</summary>
    Incomplete,

    /// <summary>The step can start now (its inputs are finished) but its sweep does not exist yet.</summary>
    Ready,

    /// <summary>The step waits for an earlier one.</summary>
    Waiting,
}

/// <summary>One step of a study as the store shows it.</summary>
/// <param name="Step">What the step does, e.g. <c>population regnetx</c>, <c>rung 2 (15 epochs)</c>.</param>
/// <param name="Sweep">Its sweep's name.</param>
/// <param name="State">Done, incomplete, ready or waiting.</param>
/// <param name="Counts">Trial counts when the sweep exists.</param>
/// <param name="BestError">Lowest validation (or, in the final step, test) error among its completed trials.</param>
public sealed record StudyStepStatus(string Step, string Sweep, StudyStepState State, TrialCounts? Counts, double? BestError);
