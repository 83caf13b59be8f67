namespace NetSpace.Data;

/// <summary>
/// A data file whose content is not what its reader expects: wrong magic number, truncated file,
/// label count that does not match the image count, label out of range, undecodable image. The
/// message names the file and says what is wrong; the reader that throws it returns nothing, never
/// a partial data set.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DataFormatException()
    {
        Path = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    public DataFormatException(string message)
        : base(message)
    {
        Path = string.Empty;
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public DataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = string.Empty;
    }

    /// <summary>Creates the exception for a file; the message becomes "<paramref name="path"/>: <paramref name="problem"/>".</summary>
    public DataFormatException(string path, string problem, Exception? innerException = null)
        : base($"{path}: {problem}", innerException)
    {
        Path = path;
    }

    /// <summary>The file (or folder) the problem is in; empty when the exception was created without one.</summary>
    public string Path { get; }
}
