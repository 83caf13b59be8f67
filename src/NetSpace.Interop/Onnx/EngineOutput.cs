namespace NetSpace.Interop.Onnx;

/// <summary>One output of an inference run: its graph name, shape and float32 values in row-major order.</summary>
public sealed record EngineOutput(string Name, long[] Shape, float[] Data);
