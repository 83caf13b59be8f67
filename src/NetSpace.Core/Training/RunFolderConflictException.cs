namespace NetSpace.Training;

/// <summary>
/// An output folder that cannot take the run: it already holds a run (and no resume was asked for), or it is
/// not empty. Bad input (the CLI exits 2), unlike other <see cref="IOException"/>s such as a full disk, which are
/// runtime failures.
/// </summary>
public sealed class RunFolderConflictException : IOException
{
    /// <summary>Creates the exception.</summary>
    public RunFolderConflictException()
    {
    }

    /// <summary>Creates the exception with a message that names the folder.</summary>
    public RunFolderConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public RunFolderConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
