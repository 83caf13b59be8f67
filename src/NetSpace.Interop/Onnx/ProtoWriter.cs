using Google.Protobuf;

namespace NetSpace.Interop.Onnx;

/// <summary>
/// Writes one protobuf message field by field (wire format only, no generated classes). A nested message is
/// written by its own writer and embedded as a length-delimited field, so field numbers stay in one place:
/// <see cref="OnnxModelWriter"/>, which takes them from <c>onnx.proto</c>.
/// </summary>
internal sealed class ProtoWriter : IDisposable
{
    private readonly MemoryStream stream = new();
    private readonly CodedOutputStream output;

    public ProtoWriter()
    {
        output = new CodedOutputStream(stream, leaveOpen: true);
    }

    /// <summary>A varint field (int32, int64 and enums; negative values take ten bytes as protobuf requires).</summary>
    public void Int64(int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    }

    /// <summary>A float field (fixed 32 bits).</summary>
    public void Float(int field, float value)
    {
        output.WriteTag(field, WireFormat.WireType.Fixed32);
        output.WriteFloat(value);
    }

    /// <summary>A UTF-8 string field.</summary>
    public void String(int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    /// <summary>A bytes field (the array is not copied).</summary>
    public void Bytes(int field, byte[] value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
    }

    /// <summary>An embedded message field.</summary>
    public void Message(int field, ProtoWriter message)
    {
        Bytes(field, message.ToArray());
    }

    /// <summary>The bytes written so far.</summary>
    public byte[] ToArray()
    {
        output.Flush();
        return stream.ToArray();
    }

    public void Dispose()
    {
        output.Dispose();
        stream.Dispose();
    }
}
