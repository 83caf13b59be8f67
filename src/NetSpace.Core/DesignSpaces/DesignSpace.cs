using NetSpace.Serialization;
using NetSpace.Specs;

namespace NetSpace.DesignSpaces;

/// <summary>
/// A design space built from a <see cref="DesignSpaceDefinition"/>: an AnyNet-style space
/// (<see cref="AnyNetDesignSpace"/>) or a RegNet-parameter space (<see cref="RegNetDesignSpace"/>).
/// Immutable and safe to share between threads (all randomness comes from the <see cref="Random"/> passed to <see cref="Draw"/>).
/// </summary>
public abstract class DesignSpace : IDesignSpace
{
    private protected DesignSpace(DesignSpaceDefinition definition)
    {
        Definition = definition;
        Name = definition.Name ?? "custom";
        Description = definition.Description ?? string.Empty;
        Template = definition.Template ?? new SpaceTemplate();
        Constraints = definition.Constraints?.ToConstraints() ?? ComplexityConstraints.None;
        Input = new InputSpec { Size = Template.InputSize, Channels = Template.Channels };
        Stem = new StemSpec { Type = Template.Stem, Width = Template.StemWidth };
        Head = new HeadSpec { Width = Template.HeadWidth, Classes = Template.Classes };
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>The definition the space was built from (a space file's content).</summary>
    public DesignSpaceDefinition Definition { get; }

    /// <summary>What every network of the space shares.</summary>
    public SpaceTemplate Template { get; }

    /// <summary>The space's own complexity windows (<see cref="ComplexityConstraints.None"/> when it has none).</summary>
    public ComplexityConstraints Constraints { get; }

    /// <summary><c>anynet</c> or <c>regnet</c>.</summary>
    public abstract string Family { get; }

    /// <summary>The drawn parameters with their distributions.</summary>
    public abstract IReadOnlyList<SpaceParameter> Parameters { get; }

    /// <summary>Rules applied to every draw (sharing, monotonicity, compatibility, RegNet stage count), in words.</summary>
    public abstract IReadOnlyList<string> Rules { get; }

    /// <summary>
    /// Number of distinct parameter settings the distributions allow, counting sharing and monotonicity
    /// (the paper's (16·128·3·6)^4 ≈ 10^18 for AnyNetX_A), before compatibility adjustment and RegNet's stage-count rule.
    /// </summary>
    public abstract double Cardinality { get; }

    /// <summary>Input of every drawn spec.</summary>
    private protected InputSpec Input { get; }

    /// <summary>Stem of every drawn spec.</summary>
    private protected StemSpec Stem { get; }

    /// <summary>Head of every drawn spec.</summary>
    private protected HeadSpec Head { get; }

    /// <summary>Builds the space; throws <see cref="SpecFormatException"/> naming <paramref name="source"/> and the invalid field.</summary>
    public static DesignSpace Create(DesignSpaceDefinition definition, string source = "<definition>")
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (DesignSpaceValidator.Check(definition) is { } problem)
        {
            throw new SpecFormatException($"{source}: {problem.Path}: {problem.Message}");
        }

        return definition.AnyNet is not null ? new AnyNetDesignSpace(definition) : new RegNetDesignSpace(definition);
    }

    /// <inheritdoc />
    public abstract NetworkSpec? Draw(Random random);

    /// <inheritdoc />
    public override string ToString() => Name;
}
