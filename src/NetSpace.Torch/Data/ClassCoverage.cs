using NetSpace.Data;
using NetSpace.Torch.Data;
using System.Globalization;

namespace NetSpace.Torch.Data;

/// <summary>
/// Guards generic labelled data (<c>idx:DIR</c>) against a class count that the labels imply by accident: with
/// labels {0…9, 42} the largest label makes 43 classes, 33 of which have no example, and a model would silently be
/// trained on a 43-way problem. The class ids without training examples are named, and the data are refused unless
/// the class count is declared (<c>idx:DIR:CLASSES</c>).
/// </summary>
public static class ClassCoverage
{
    /// <summary>The class ids in [0, <paramref name="classes"/>) that no label in <paramref name="labels"/> uses, ascending.</summary>
    public static IReadOnlyList<int> MissingClasses(ReadOnlySpan<int> labels, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 0);
        var seen = new bool[classes];
        foreach (int label in labels)
        {
            if ((uint)label < (uint)classes)
            {
                seen[label] = true;
            }
        }

        return Enumerable.Range(0, classes).Where(c => !seen[c]).ToArray();
    }

    /// <summary>
    /// Throws a <see cref="DataFormatException"/> naming the class ids without training examples, if any, and how
    /// to proceed anyway.
    /// </summary>
    public static void RequireEveryClass(ImageDataset train, DataSource source)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(source);
        var missing = MissingClasses(train.Labels.Span, train.Classes);
        if (missing.Count == 0)
        {
            return;
        }

        var present = Enumerable.Range(0, train.Classes).Except(missing).ToArray();
        throw new DataFormatException(
            $"{source}: the training labels ({Ranges(present)}) imply {train.Classes} classes, but class id{(missing.Count == 1 ? string.Empty : "s")} "
            + $"{Ranges(missing)} ha{(missing.Count == 1 ? "s" : "ve")} no training examples; relabel the data to consecutive ids 0…{present.Length - 1}, "
            + $"or declare the class count to train with empty classes: {source}:{train.Classes}");
    }

    /// <summary>Ids as compact ranges, e.g. "0–9, 42".</summary>
    public static string Ranges(IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var parts = new List<string>();
        for (int i = 0; i < ids.Count;)
        {
            int j = i;
            while (j + 1 < ids.Count && ids[j + 1] == ids[j] + 1)
            {
                j++;
            }

            parts.Add(j == i
                ? ids[i].ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{ids[i]}{(j == i + 1 ? ", " : "–")}{ids[j]}"));
            i = j + 1;
        }

        return string.Join(", ", parts);
    }
}
