namespace NetSpace.Studies;

/// <summary>A study file that cannot be read or is invalid; the message names the file and the field.</summary>
public sealed class StudyFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StudyFileException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StudyFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public StudyFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
