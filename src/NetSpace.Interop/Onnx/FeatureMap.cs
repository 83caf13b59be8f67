namespace NetSpace.Interop.Onnx;

/// <summary>A value of the graph with its static channel count and spatial size (the batch axis is dynamic).</summary>
internal sealed record FeatureMap(string Name, int Channels, int Height, int Width);
