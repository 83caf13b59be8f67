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

    /// <summary>The final training: <c>NAME-final</c>.</summary>
    public static string Final(StudyFile study) => $"{Name(study)}-final";

    private static string Name(StudyFile study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return study.Name;
    }
}
