namespace NetSpace.Serialization;

/// <summary>A spec document that is not valid JSON or does not have the expected shape.</summary>
public sealed class SpecFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SpecFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SpecFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the parser's exception.</summary>
    public SpecFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
