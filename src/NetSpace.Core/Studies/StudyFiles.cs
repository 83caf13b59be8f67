using System.Globalization;
using System.Text.Json;
using NetSpace.DesignSpaces;
using NetSpace.Serialization;
using NetSpace.Training;

namespace NetSpace.Studies;

/// <summary>
/// Reads and checks study files. Every error names the file and the field (<c>promotion.rungs[1]</c>) and says
/// what was expected; a misspelt field lists the valid ones. Space files are resolved relative to the study file.
/// </summary>
public static class StudyFiles
{
    /// <summary>Values accepted by <see cref="StudyPromotion.From"/>.</summary>
    public static IReadOnlyList<string> PromotionSources { get; } = ["all", "best-space"];

    /// <summary>Reads, resolves and validates <paramref name="path"/>.</summary>
    public static StudyFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new StudyFileException($"{path}: file not found");
        }

        var study = Parse(File.ReadAllText(path), path);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        study = study with { Populations = study.Populations with { Spaces = study.Populations.Spaces.Select(s => ResolveSpace(s, folder)).ToArray() } };
        Validate(study, path);
        return study;
    }

    /// <summary>Parses study JSON (no validation, no path resolution).</summary>
    public static StudyFile Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<StudyFile>(json, SpecJson.Options)
                ?? throw new StudyFileException($"{source}: expected a JSON object describing a study, found null");
        }
        catch (JsonException ex)
        {
            string where = ex.LineNumber is long line ? $"line {line + 1}" : "?";
            string at = string.IsNullOrEmpty(ex.Path) ? string.Empty : $" at {ex.Path}";
            throw new StudyFileException($"{source}: {where}{at}: {JsonErrorText.Describe(ex, SpecJson.Options)}", ex);
        }
    }

    /// <summary>Checks every field; throws <see cref="StudyFileException"/> naming the first bad one.</summary>
    public static void Validate(StudyFile study, string source)
    {
        ArgumentNullException.ThrowIfNull(study);
        void Fail(string field, string message) => throw new StudyFileException($"{source}: {field}: {message}");

        if (string.IsNullOrEmpty(study.Name) || study.Name.Length > 60 || !study.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            Fail("name", $"'{study.Name}' must be 1–60 letters, digits, '.', '_' or '-' (it prefixes every sweep of the study)");
        }

        if (string.IsNullOrWhiteSpace(study.Data))
        {
            Fail("data", "missing; e.g. \"fashion-mnist\"");
        }

        CheckWindow(study.Window.Flops, "window.flops", Fail);
        CheckWindow(study.Window.Params, "window.params", Fail);
        CheckWindow(study.Window.Acts, "window.acts", Fail);

        var populations = study.Populations;
        if (populations.Spaces.Count == 0)
        {
            Fail("populations.spaces", "list at least one design space (e.g. [\"regnetx\", \"anynetx-a\"])");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < populations.Spaces.Count; i++)
        {
            string space = populations.Spaces[i];
            if (DesignSpaceCatalog.Find(space) is null && !File.Exists(space))
            {
                var near = DesignSpaceCatalog.Suggest(space);
                Fail($"populations.spaces[{i}]", $"'{space}' is neither a built-in space nor a file{(near.Count > 0 ? $"; did you mean {string.Join(" or ", near.Select(n => $"'{n}'"))}?" : string.Empty)} (built-in: {string.Join(", ", DesignSpaceCatalog.Names)})");
            }

            if (!names.Add(SpaceKey(space)))
            {
                Fail($"populations.spaces[{i}]", $"'{SpaceKey(space)}' is listed twice");
            }
        }

        if (populations.Samples < 2)
        {
            Fail("populations.samples", $"{populations.Samples} must be ≥ 2");
        }

        CheckData(populations.Subset, populations.ValSplit, "populations", requireValidation: true, Fail);
        CheckRecipe(populations.Recipe, "populations.recipe", Fail);

        for (int i = 0; i < study.Refine.Count; i++)
        {
            if (!names.Contains(study.Refine[i]))
            {
                Fail($"refine[{i}]", $"'{study.Refine[i]}' is not one of the populations ({string.Join(", ", names)})");
            }
        }

        if (study.Analysis.Draws < 100)
        {
            Fail("analysis.draws", $"{study.Analysis.Draws} must be ≥ 100");
        }

        if (study.Promotion is { } promotion)
        {
            if (!PromotionSources.Contains(promotion.From))
            {
                Fail("promotion.from", $"'{promotion.From}' must be one of {string.Join(", ", PromotionSources)}");
            }

            if (promotion.Candidates < 1 || promotion.Candidates > populations.Samples * (promotion.From == "all" ? names.Count + study.Refine.Count : 1))
            {
                Fail("promotion.candidates", $"{promotion.Candidates} must be between 1 and the number of population trials it is drawn from");
            }

            if (promotion.Rungs.Count == 0)
            {
                Fail("promotion.rungs", "list the epochs of each rung, e.g. [5, 15, 40]");
            }

            for (int i = 0; i < promotion.Rungs.Count; i++)
            {
                if (promotion.Rungs[i] < 1 || (i > 0 && promotion.Rungs[i] <= promotion.Rungs[i - 1]))
                {
                    Fail($"promotion.rungs[{i}]", $"{promotion.Rungs[i]} must be ≥ 1 and more than the rung before");
                }
            }

            if (promotion.Keep is <= 0 or >= 1)
            {
                Fail("promotion.keep", $"{promotion.Keep.ToString(CultureInfo.InvariantCulture)} must be in (0, 1)");
            }

            CheckData(promotion.Subset, promotion.ValSplit, "promotion", requireValidation: true, Fail);
            CheckRecipe(promotion.Recipe with { Epochs = promotion.Rungs.Count > 0 ? promotion.Rungs[^1] : 1 }, "promotion.recipe", Fail);
        }

        var final = study.Final;
        if (final.Models < 1)
        {
            Fail("final.models", $"{final.Models} must be ≥ 1");
        }

        if (final.Seeds.Count == 0 || final.Seeds.Distinct().Count() != final.Seeds.Count)
        {
            Fail("final.seeds", "list distinct seeds, e.g. [1, 2, 3] (several seeds give a mean ± std and an interval)");
        }

        if (!PromotionSources.Contains(final.From))
        {
            Fail("final.from", $"'{final.From}' must be one of {string.Join(", ", PromotionSources)}");
        }

        CheckData(final.Subset, 0, "final", requireValidation: false, Fail);
        if (final.RecipeChoices.Count == 1)
        {
            Fail("final.recipe_choices", "one choice is no choice: give the recipe as final.recipe, or list two or more");
        }

        if (final.RecipeChoices.Count == 0)
        {
            CheckRecipe(final.Recipe, "final.recipe", Fail);
        }

        for (int i = 0; i < final.RecipeChoices.Count; i++)
        {
            CheckRecipe(final.RecipeChoices[i], $"final.recipe_choices[{i}]", Fail);
        }
    }

    /// <summary>The short name of a space in sweep names: a built-in name, or a space file's name without extensions.</summary>
    public static string SpaceKey(string space)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (DesignSpaceCatalog.Find(space) is not null)
        {
            return space;
        }

        string name = Path.GetFileName(space);
        int dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? name[..dot] : name;
    }

    // A space file is found relative to the study file; a name that is neither stays as written for the error message.
    private static string ResolveSpace(string space, string folder) =>
        DesignSpaceCatalog.Find(space) is not null || Path.IsPathRooted(space) || !File.Exists(Path.Combine(folder, space))
            ? space
            : Path.GetFullPath(Path.Combine(folder, space));

    private static void CheckWindow(string? text, string field, Action<string, string> fail)
    {
        if (text is null)
        {
            return;
        }

        try
        {
            ComplexityWindow.Parse(text);
        }
        catch (FormatException ex)
        {
            fail(field, ex.Message);
        }
    }

    private static void CheckData(int? subset, double valSplit, string field, bool requireValidation, Action<string, string> fail)
    {
        if (subset is < 10)
        {
            fail($"{field}.subset", $"{subset} must be ≥ 10 images, or null for all");
        }

        if (requireValidation && valSplit is <= 0 or >= 1)
        {
            fail($"{field}.val_split", $"{valSplit.ToString(CultureInfo.InvariantCulture)} must be in (0, 1): selection reads a held-out validation split, never the test set");
        }
    }

    private static void CheckRecipe(TrainingRecipe recipe, string field, Action<string, string> fail)
    {
        try
        {
            recipe.Validate();
        }
        catch (ArgumentException ex)
        {
            fail(field, ex.Message.Replace(" (Parameter '" + ex.ParamName + "')", string.Empty, StringComparison.Ordinal));
        }
    }
}
