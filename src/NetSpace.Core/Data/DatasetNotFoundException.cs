namespace NetSpace.Data;

/// <summary>
/// A data set's folder or one of its expected files does not exist. The message names the folder,
/// the missing files and, for the packaged Fashion-MNIST, the command that installs it.
/// </summary>
public sealed class DatasetNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatasetNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DatasetNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public DatasetNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
