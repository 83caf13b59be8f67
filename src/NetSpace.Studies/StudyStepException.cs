namespace NetSpace.Studies;

/// <summary>A study step that could not finish (its trials stay in the store; running the study again continues it).</summary>
public sealed class StudyStepException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StudyStepException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StudyStepException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public StudyStepException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
