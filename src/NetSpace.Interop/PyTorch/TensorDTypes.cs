namespace NetSpace.Interop.PyTorch;

/// <summary>Sizes and names of <see cref="TensorDType"/> in PyTorch's pickles and in safetensors headers.</summary>
public static class TensorDTypes
{
    private static readonly (TensorDType Type, int Size, string Safetensors, string Storage)[] Table =
    [
        (TensorDType.Float32, 4, "F32", "FloatStorage"),
        (TensorDType.Float64, 8, "F64", "DoubleStorage"),
        (TensorDType.Float16, 2, "F16", "HalfStorage"),
        (TensorDType.BFloat16, 2, "BF16", "BFloat16Storage"),
        (TensorDType.Int64, 8, "I64", "LongStorage"),
        (TensorDType.Int32, 4, "I32", "IntStorage"),
        (TensorDType.Int16, 2, "I16", "ShortStorage"),
        (TensorDType.Int8, 1, "I8", "CharStorage"),
        (TensorDType.UInt8, 1, "U8", "ByteStorage"),
        (TensorDType.Bool, 1, "BOOL", "BoolStorage"),
    ];

    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this TensorDType type) => Table.First(t => t.Type == type).Size;

    /// <summary>The safetensors dtype string (<c>F32</c>, <c>I64</c>, …).</summary>
    public static string SafetensorsName(this TensorDType type) => Table.First(t => t.Type == type).Safetensors;

    /// <summary>Whether the type is a floating-point type.</summary>
    public static bool IsFloatingPoint(this TensorDType type) =>
        type is TensorDType.Float32 or TensorDType.Float64 or TensorDType.Float16 or TensorDType.BFloat16;

    /// <summary>The type of a safetensors dtype string, or null when it is not one of <see cref="TensorDType"/>.</summary>
    public static TensorDType? FromSafetensorsName(string name) =>
        Table.Where(t => t.Safetensors == name).Select(t => (TensorDType?)t.Type).FirstOrDefault();

    /// <summary>The type of a legacy PyTorch storage class name (<c>FloatStorage</c>, …), or null.</summary>
    public static TensorDType? FromStorageName(string name) =>
        Table.Where(t => t.Storage == name).Select(t => (TensorDType?)t.Type).FirstOrDefault();
}
