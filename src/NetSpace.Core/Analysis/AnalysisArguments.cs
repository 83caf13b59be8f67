namespace NetSpace.Analysis;

/// <summary>Input checks shared by the analysis functions; each throws <see cref="ArgumentException"/> naming the argument and index.</summary>
internal static class AnalysisArguments
{
    /// <summary>Rejects a null or empty list and any NaN or infinite value.</summary>
    public static void RequireFinite(IReadOnlyList<double> values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count == 0)
        {
            throw new ArgumentException($"{name} is empty", name);
        }

        for (int i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] is {values[i]}; values must be finite numbers", name);
            }
        }
    }

    /// <summary>Rejects lists of different lengths.</summary>
    public static void RequireSameLength<TA, TB>(IReadOnlyList<TA> a, string nameA, IReadOnlyList<TB> b, string nameB)
    {
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"{nameA} has {a.Count} values but {nameB} has {b.Count}", nameB);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> for <paramref name="name"/> unless <paramref name="condition"/>.</summary>
    public static void Require(bool condition, string name, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message, name);
        }
    }
}
