namespace NetSpace.Interop.Onnx;

/// <summary>A constant tensor of the graph (an initializer): little-endian raw bytes of <see cref="DataType"/> elements.</summary>
/// <param name="Name">Value name.</param>
/// <param name="DataType">ONNX <c>TensorProto.DataType</c> (1 float, 7 int64).</param>
/// <param name="Dims">Shape.</param>
/// <param name="Raw">Elements, little-endian.</param>
internal sealed record OnnxTensor(string Name, int DataType, IReadOnlyList<long> Dims, byte[] Raw)
{
    public const int Float = 1;
    public const int Uint8 = 2;
    public const int Int64 = 7;

    public static OnnxTensor Floats(string name, float[] data, params long[] dims)
    {
        CheckCount(name, data.Length, dims);
        var raw = new byte[data.Length * sizeof(float)];
        for (int i = 0; i < data.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), data[i]);
        }

        return new OnnxTensor(name, Float, dims, raw);
    }

    public static OnnxTensor Longs(string name, long[] data, params long[] dims)
    {
        CheckCount(name, data.Length, dims);
        var raw = new byte[data.Length * sizeof(long)];
        for (int i = 0; i < data.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), data[i]);
        }

        return new OnnxTensor(name, Int64, dims, raw);
    }

    private static void CheckCount(string name, int count, long[] dims)
    {
        long expected = dims.Aggregate(1L, (a, b) => a * b);
        if (expected != count)
        {
            throw new ArgumentException($"{name}: {count} elements for shape [{string.Join(", ", dims)}]");
        }
    }
}
