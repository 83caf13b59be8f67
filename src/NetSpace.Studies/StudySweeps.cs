namespace NetSpace.Studies;

/// <summary>The names of a study's sweeps in the trial store (the study's name is their prefix).</summary>
public static class StudySweeps
{
    /// <summary>The population of a space: <c>NAME-SPACE</c>.</summary>
    public static string Population(StudyFile study, string space) => $"{Name(study)}-{StudyFiles.SpaceKey(space)}";

    /// <summary>The population of a refined space: <c>NAME-SPACE-refined</c>.</summary>
    public static string Refined(StudyFile study, string spaceKey) => $"{Name(study)}-{spaceKey}-refined";

    /// <summary>Promotion rung <paramref name="rung"/> (1-based): <c>NAME-rungR</c>.</summary>
    public static string Rung(StudyFile study, int rung) => $"{Name(study)}-rung{rung}";

    /// <summary>Candidate final recipe <paramref name="choice"/> (1-based): <c>NAME-recipeJ</c>.</summary>
    public static string RecipeChoice(StudyFile study, int choice) => $"{Name(study)}-recipe{choice}";

    /// <summary>
    /// The final training with recipe choice <paramref name="choice"/> (1-based; 0 for a study with one final recipe):
    /// <c>NAME-final</c> for the only recipe and for choice 1, <c>NAME-final-recipeJ</c> for choice J ≥ 2. So a study
    /// that turns its final recipe into the first of several choices after its final ran keeps that final: it is
    /// reused if the first choice wins on validation and stays in the store (and the report) if another does.
    /// </summary>
    public static string Final(StudyFile study, int choice = 0) =>
        choice <= 1 ? $"{Name(study)}-final" : $"{Name(study)}-final-recipe{choice}";

    private static string Name(StudyFile study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return study.Name;
    }
}
