namespace NetSpace.Interop.PyTorch;

/// <summary>
/// A weights file that is not a readable PyTorch state dict or safetensors file (the message names the file and what
/// was expected). Derives from <see cref="IOException"/> (a problem with an input file), which the CLI reports as bad input (exit code 2).
/// </summary>
public sealed class PyTorchFormatException : IOException
{
    /// <summary>Creates the exception.</summary>
    public PyTorchFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PyTorchFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public PyTorchFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
