namespace NetSpace.Torch.Interop;

/// <summary>Imported weights that do not reproduce the reference logits within the tolerance (a runtime failure, exit code 1).</summary>
public sealed class LogitCheckException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LogitCheckException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LogitCheckException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public LogitCheckException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
