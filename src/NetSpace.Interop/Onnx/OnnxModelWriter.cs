namespace NetSpace.Interop.Onnx;

/// <summary>
/// Serialises an <see cref="OnnxModel"/> as an ONNX <c>ModelProto</c>. The field numbers are those of
/// <c>onnx/onnx.proto</c> (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto,
/// TypeProto, TensorShapeProto, OperatorSetIdProto, StringStringEntryProto); repeated scalars are written
/// unpacked, as proto2 declares them.
/// </summary>
internal static class OnnxModelWriter
{
    /// <summary>Protobuf refuses messages of 2 GiB or more; larger models would need ONNX external data.</summary>
    public const long MaxModelBytes = int.MaxValue;

    private const int AttributeFloat = 1;
    private const int AttributeInt = 2;
    private const int AttributeString = 3;
    private const int AttributeInts = 7;

    /// <summary>The ONNX IR version that goes with an opset (ONNX's versioning table).</summary>
    public static int IrVersion(int opset) => opset switch
    {
        <= 14 => 7,
        <= 18 => 8,
        <= 20 => 9,
        _ => 10,
    };

    public static byte[] Serialize(OnnxModel model, string producerVersion)
    {
        long weightBytes = model.Initializers.Sum(t => (long)t.Raw.Length);
        if (weightBytes >= MaxModelBytes)
        {
            throw new OnnxExportException("weights", $"{weightBytes:N0} bytes of weights exceed protobuf's 2 GiB message limit (ONNX external data is not supported)");
        }

        using var m = new ProtoWriter();
        m.Int64(1, IrVersion(model.Opset)); // ir_version
        m.String(2, "NetSpace"); // producer_name
        m.String(3, producerVersion); // producer_version
        m.String(4, "org.netspace"); // domain
        m.Int64(5, 1); // model_version
        m.String(6, model.Doc); // doc_string
        using (var graph = Graph(model))
        {
            m.Message(7, graph);
        }

        using (var opset = new ProtoWriter())
        {
            opset.String(1, string.Empty); // the default domain (ai.onnx)
            opset.Int64(2, model.Opset);
            m.Message(8, opset); // opset_import
        }

        foreach (var (key, value) in model.Metadata)
        {
            using var entry = new ProtoWriter();
            entry.String(1, key);
            entry.String(2, value);
            m.Message(14, entry); // metadata_props
        }

        return m.ToArray();
    }

    private static ProtoWriter Graph(OnnxModel model)
    {
        var g = new ProtoWriter();
        foreach (var node in model.Nodes)
        {
            using var n = Node(node);
            g.Message(1, n); // node
        }

        g.String(2, model.GraphName); // name
        foreach (var tensor in model.Initializers)
        {
            using var t = Tensor(tensor);
            g.Message(5, t); // initializer
        }

        foreach (var input in model.Inputs)
        {
            using var v = ValueInfo(input);
            g.Message(11, v); // input
        }

        foreach (var output in model.Outputs)
        {
            using var v = ValueInfo(output);
            g.Message(12, v); // output
        }

        return g;
    }

    private static ProtoWriter Node(OnnxNode node)
    {
        var n = new ProtoWriter();
        foreach (string input in node.Inputs)
        {
            n.String(1, input);
        }

        foreach (string output in node.Outputs)
        {
            n.String(2, output);
        }

        n.String(3, node.Name);
        n.String(4, node.OpType);
        foreach (var attribute in node.Attributes)
        {
            using var a = Attribute(attribute);
            n.Message(5, a);
        }

        return n;
    }

    private static ProtoWriter Attribute(OnnxAttribute attribute)
    {
        var a = new ProtoWriter();
        a.String(1, attribute.Name);
        if (attribute.Int is { } i)
        {
            a.Int64(20, AttributeInt); // type
            a.Int64(3, i); // i
        }
        else if (attribute.Float is { } f)
        {
            a.Int64(20, AttributeFloat);
            a.Float(2, f); // f
        }
        else if (attribute.Text is { } s)
        {
            a.Int64(20, AttributeString);
            a.Bytes(4, System.Text.Encoding.UTF8.GetBytes(s)); // s
        }
        else
        {
            a.Int64(20, AttributeInts);
            foreach (long v in attribute.Ints ?? [])
            {
                a.Int64(8, v); // ints
            }
        }

        return a;
    }

    private static ProtoWriter Tensor(OnnxTensor tensor)
    {
        var t = new ProtoWriter();
        foreach (long d in tensor.Dims)
        {
            t.Int64(1, d); // dims
        }

        t.Int64(2, tensor.DataType); // data_type
        t.String(8, tensor.Name); // name
        t.Bytes(9, tensor.Raw); // raw_data
        return t;
    }

    private static ProtoWriter ValueInfo(OnnxValueInfo info)
    {
        var v = new ProtoWriter();
        v.String(1, info.Name); // name
        using (var type = new ProtoWriter())
        using (var tensorType = new ProtoWriter())
        using (var shape = new ProtoWriter())
        {
            foreach (long? d in info.Shape)
            {
                using var dim = new ProtoWriter();
                if (d is { } value)
                {
                    dim.Int64(1, value); // dim_value
                }
                else
                {
                    dim.String(2, "batch"); // dim_param
                }

                shape.Message(1, dim); // dim
            }

            tensorType.Int64(1, info.ElementType); // elem_type
            tensorType.Message(2, shape); // shape
            type.Message(1, tensorType); // tensor_type
            v.Message(2, type); // type
        }

        if (info.Doc is { } doc)
        {
            v.String(3, doc); // doc_string
        }

        return v;
    }
}
