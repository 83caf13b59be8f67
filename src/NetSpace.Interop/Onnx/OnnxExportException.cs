namespace NetSpace.Interop.Onnx;

/// <summary>
/// The network (or an export option) cannot be written as the ONNX graph asked for. <see cref="Field"/> names
/// the module, tensor or option at fault; nothing is written when this is thrown.
/// </summary>
public sealed class OnnxExportException : Exception
{
    /// <summary>Creates the exception for <paramref name="field"/>.</summary>
    public OnnxExportException(string field, string message)
        : base($"{field}: {message}")
    {
        Field = field;
    }

    /// <summary>Creates the exception.</summary>
    public OnnxExportException()
    {
        Field = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public OnnxExportException(string message)
        : base(message)
    {
        Field = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public OnnxExportException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
    }

    /// <summary>The module, tensor or option that cannot be represented.</summary>
    public string Field { get; }
}
