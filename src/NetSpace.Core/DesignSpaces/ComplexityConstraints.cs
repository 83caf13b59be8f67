using System.Globalization;
using NetSpace.Complexity;
using NetSpace.Text;

namespace NetSpace.DesignSpaces;

/// <summary>Windows on flops, params and acts that a sampled model must satisfy (computed at the target input size).</summary>
public sealed record ComplexityConstraints
{
    /// <summary>No constraint.</summary>
    public static readonly ComplexityConstraints None = new();

    /// <summary>Window on multiply-adds.</summary>
    public ComplexityWindow? Flops { get; init; }

    /// <summary>Window on parameters.</summary>
    public ComplexityWindow? Params { get; init; }

    /// <summary>Window on activations.</summary>
    public ComplexityWindow? Acts { get; init; }

    /// <summary>Whether a model of complexity <paramref name="c"/> is accepted.</summary>
    public bool Accepts(ModelComplexity c) =>
        (Flops?.Contains(c.Flops) ?? true) && (Params?.Contains(c.Params) ?? true) && (Acts?.Contains(c.Acts) ?? true);

    /// <summary>The windows as a user types them: <c>flops 8M:12M, params :1M</c>, or <c>none</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        void Add(string what, ComplexityWindow? w)
        {
            if (w is not null)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{what} {(w.Min is long lo ? Units.Count(lo) : string.Empty)}:{(w.Max is long hi ? Units.Count(hi) : string.Empty)}"));
            }
        }

        Add("flops", Flops);
        Add("params", Params);
        Add("acts", Acts);
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
