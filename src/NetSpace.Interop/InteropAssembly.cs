namespace NetSpace.Interop;

/// <summary>Marker for the interop assembly (ONNX export, ONNX Runtime engine, PyTorch weights).</summary>
public static class InteropAssembly
{
    /// <summary>The NetSpace version written into exported files.</summary>
    public static string Version =>
        typeof(InteropAssembly).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
