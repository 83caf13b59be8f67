namespace NetSpace.Data.MultiTask;

/// <summary>A stored scene set that cannot be loaded; the message starts with the file and says what is wrong.</summary>
public sealed class MultiTaskFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MultiTaskFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MultiTaskFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public MultiTaskFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
