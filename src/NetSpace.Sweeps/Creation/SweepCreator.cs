using NetSpace.Data;
using NetSpace.DesignSpaces;
using NetSpace.Training;

namespace NetSpace.Sweeps;

/// <summary>
/// Sets a sweep up (pycls <c>sweep setup</c>): samples N distinct specs from a design space under
/// complexity windows, re-targeted to the data (input size, channels, classes, optional stem) so the
/// windows apply at the size the networks will really see, and stores them as pending trials with
/// the recipe, the data description and per-trial seeds derived from the sweep seed. Windows given
/// with the sweep replace a user space's own window on the same quantity; the space's other windows
/// still apply, and the windows in effect are stored with the sweep.
/// </summary>
public static class SweepCreator
{
    /// <summary>Creates the sweep from the catalog's space named by <see cref="SweepDefinition.Space"/> (<see cref="DesignSpaceCatalog.Get"/>).</summary>
    public static SweepCreation Create(ITrialStore store, SweepDefinition sweep, DataShape shape)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        return Create(store, sweep, DesignSpaceCatalog.Get(sweep.Space), shape);
    }

    /// <summary>
    /// Creates the sweep with <see cref="SweepDefinition.Samples"/> trials drawn from <paramref name="space"/>.
    /// Throws <see cref="SweepExistsException"/> before any work when the name is taken,
    /// <see cref="ArgumentException"/> for a bad name or recipe, <see cref="SamplingException"/> when the
    /// windows accept too few models. <paramref name="shape"/> is what the networks will see (the data's loader
    /// output size, channels and classes; TorchSharp's <c>TorchTrialTrainer.ShapeOf</c> reads it off the data).
    /// </summary>
    public static SweepCreation Create(ITrialStore store, SweepDefinition sweep, IDesignSpace space, DataShape shape)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(shape);
        SweepDefinition.ValidateName(sweep.Name);
        ArgumentOutOfRangeException.ThrowIfLessThan(sweep.Samples, 1);
        sweep.Recipe.Validate();
        if (sweep.ValSplit is < 0 or >= 1)
        {
            throw new ArgumentException($"val-split: {sweep.ValSplit} must be in [0, 1)", nameof(sweep));
        }

        if (store.FindSweep(sweep.Name) is not null)
        {
            throw new SweepExistsException($"a sweep named '{sweep.Name}' already exists in {store.Location}; choose another name");
        }


        // A window given for the sweep replaces the space's own window on the same quantity; the others still apply.
        var own = (space as DesignSpace)?.Constraints ?? ComplexityConstraints.None;
        var constraints = new ComplexityConstraints
        {
            Flops = sweep.Constraints.Flops ?? own.Flops,
            Params = sweep.Constraints.Params ?? own.Params,
            Acts = sweep.Constraints.Acts ?? own.Acts,
        };
        sweep = sweep with { Constraints = constraints };
        var sampling = SpaceSampler.Sample(
            space,
            sweep.Samples,
            constraints,
            sweep.Seed,
            spec => spec.Retarget(shape, sweep.Stem));
        var trials = sampling.Samples
            .Select((s, i) =>
            {
                string name = $"{sweep.Name}-{i}";
                return new NewTrial(i, name, s.Spec with { Name = name }, TrialSeeds.For(sweep.Seed, i), s.Complexity);
            })
            .ToArray();
        var stored = store.CreateSweep(sweep, trials);
        return new SweepCreation
        {
            Sweep = stored,
            Trials = trials,
            Sampling = sampling,
            InputSize = shape.InputSize,
            Channels = shape.Channels,
            Classes = shape.Classes,
        };
    }
}
