namespace NetSpace.Interop.Onnx;

/// <summary>A whole ONNX model before serialisation: one graph, its opset and the model's metadata.</summary>
internal sealed record OnnxModel(
    string GraphName,
    int Opset,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs,
    IReadOnlyList<KeyValuePair<string, string>> Metadata,
    string Doc);
