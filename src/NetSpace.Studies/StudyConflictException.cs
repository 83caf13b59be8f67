namespace NetSpace.Studies;

/// <summary>
/// The store already holds a sweep of the study's name that the study file would define differently (the file was
/// edited after the step ran, or another study uses the name); the message names the sweep and the field.
/// </summary>
public sealed class StudyConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StudyConflictException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StudyConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public StudyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
