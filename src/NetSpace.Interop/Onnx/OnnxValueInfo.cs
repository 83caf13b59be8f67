namespace NetSpace.Interop.Onnx;

/// <summary>A graph input or output: name, element type and shape (a null dimension is the symbolic batch axis).</summary>
internal sealed record OnnxValueInfo(string Name, int ElementType, IReadOnlyList<long?> Shape, string? Doc = null);
