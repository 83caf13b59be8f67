namespace NetSpace.Data;

/// <summary>
/// A data-source argument (such as <c>cifar10:DIR</c>) that cannot be parsed or used: unknown kind,
/// missing folder, bad storage size. The message lists the accepted forms where that helps.
/// </summary>
public sealed class InvalidDataSourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidDataSourceException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidDataSourceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public InvalidDataSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
