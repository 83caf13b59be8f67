namespace NetSpace.Interop.Onnx;

/// <summary>One operator of the graph (default ONNX domain).</summary>
internal sealed record OnnxNode(string OpType, string Name, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyList<OnnxAttribute> Attributes);
