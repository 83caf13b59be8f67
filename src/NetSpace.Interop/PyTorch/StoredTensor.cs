using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace NetSpace.Interop.PyTorch;

/// <summary>
/// One tensor as a file stores it: element type, shape and contiguous (row-major) little-endian bytes. Kept free of
/// TorchSharp so reading and writing files needs no native library.
/// </summary>
public sealed class StoredTensor
{
    /// <summary>Creates a tensor; <paramref name="data"/> must hold exactly numel × element size bytes.</summary>
    public StoredTensor(TensorDType dtype, IReadOnlyList<long> shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        DType = dtype;
        Shape = shape.ToArray();
        Data = data;
        long expected = ElementCount * dtype.ElementSize();
        if (data.LongLength != expected)
        {
            throw new ArgumentException($"{data.LongLength} bytes for shape {FormatShape(Shape)} of {dtype} ({expected} expected)", nameof(data));
        }
    }

    /// <summary>Element type.</summary>
    public TensorDType DType { get; }

    /// <summary>Shape (empty for a scalar).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Contiguous little-endian bytes.</summary>
    public byte[] Data { get; }

    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>A float32 tensor from values.</summary>
    public static StoredTensor FromFloats(IReadOnlyList<long> shape, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var bytes = new byte[values.LongLength * 4];
        MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(bytes);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors and PyTorch files are little-endian; this host is not");
        }

        return new StoredTensor(TensorDType.Float32, shape, bytes);
    }

    /// <summary>A scalar int64 tensor.</summary>
    public static StoredTensor FromInt64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return new StoredTensor(TensorDType.Int64, [], bytes);
    }

    /// <summary>The values converted to float32 (floating types only; float64 is rounded to nearest).</summary>
    public float[] ToFloats()
    {
        long n = ElementCount;
        var result = new float[n];
        var span = Data.AsSpan();
        switch (DType)
        {
            case TensorDType.Float32:
                MemoryMarshal.Cast<byte, float>(span).CopyTo(result);
                break;
            case TensorDType.Float64:
                for (long i = 0; i < n; i++)
                {
                    result[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(span.Slice((int)(i * 8), 8));
                }

                break;
            case TensorDType.Float16:
                for (long i = 0; i < n; i++)
                {
                    result[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(span.Slice((int)(i * 2), 2));
                }

                break;
            case TensorDType.BFloat16:
                for (long i = 0; i < n; i++)
                {
                    // bfloat16 is the upper half of a float32.
                    result[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(span.Slice((int)(i * 2), 2)) << 16);
                }

                break;
            default:
                throw new InvalidOperationException($"{DType} is not a floating-point type");
        }

        return result;
    }

    /// <summary>Shape as PyTorch prints it: <c>[64, 3, 7, 7]</c>.</summary>
    public static string FormatShape(IReadOnlyList<long> shape) => "[" + string.Join(", ", shape ?? []) + "]";
}
