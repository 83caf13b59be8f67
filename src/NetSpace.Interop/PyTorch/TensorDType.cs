namespace NetSpace.Interop.PyTorch;

/// <summary>Element types a PyTorch state dict or safetensors file can hold (those a vision state dict uses).</summary>
public enum TensorDType
{
    /// <summary>IEEE float32 (<c>torch.float32</c>, safetensors <c>F32</c>).</summary>
    Float32,

    /// <summary>IEEE float64 (<c>torch.float64</c>, <c>F64</c>).</summary>
    Float64,

    /// <summary>IEEE float16 (<c>torch.float16</c>, <c>F16</c>).</summary>
    Float16,

    /// <summary>bfloat16 (<c>torch.bfloat16</c>, <c>BF16</c>).</summary>
    BFloat16,

    /// <summary>int64 (<c>torch.int64</c>, <c>I64</c>; e.g. BN <c>num_batches_tracked</c>).</summary>
    Int64,

    /// <summary>int32 (<c>I32</c>).</summary>
    Int32,

    /// <summary>int16 (<c>I16</c>).</summary>
    Int16,

    /// <summary>int8 (<c>I8</c>).</summary>
    Int8,

    /// <summary>uint8 (<c>U8</c>).</summary>
    UInt8,

    /// <summary>bool, one byte per element (<c>BOOL</c>).</summary>
    Bool,
}
