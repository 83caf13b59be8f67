using NetSpace.Specs;

namespace NetSpace.DesignSpaces;

/// <summary>
/// A design space: a distribution over network specs (RegNet paper §3; pycls <c>pycls/sweep/samplers.py</c>).
/// Spaces only draw candidates; constraints, de-duplication and re-targeting are the sampler's job.
/// </summary>
public interface IDesignSpace
{
    /// <summary>Name, e.g. <c>anynetx-a</c>, <c>regnetx</c>, or a user space's name.</summary>
    string Name { get; }

    /// <summary>One line describing the space.</summary>
    string Description { get; }

    /// <summary>Draws one candidate, or null when the space's own rules reject the draw (pycls rejects RegNets whose stage count is not the one asked for).</summary>
    NetworkSpec? Draw(Random random);
}
