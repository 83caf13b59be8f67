namespace NetSpace.Interop.Onnx;

/// <summary>Collects the nodes and constants of one graph and gives every value a unique name.</summary>
internal sealed class GraphBuilder
{
    private readonly List<OnnxNode> nodes = [];
    private readonly List<OnnxTensor> initializers = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);

    public IReadOnlyList<OnnxNode> Nodes => nodes;

    public IReadOnlyList<OnnxTensor> Initializers => initializers;

    /// <summary>Reserves a name (graph inputs and outputs keep theirs exactly).</summary>
    public string Reserve(string name)
    {
        if (!names.Add(name))
        {
            throw new InvalidOperationException($"the value name '{name}' is used twice");
        }

        return name;
    }

    /// <summary>A new unique name starting with <paramref name="hint"/>.</summary>
    public string Fresh(string hint)
    {
        if (names.Add(hint))
        {
            return hint;
        }

        for (int i = 1; ; i++)
        {
            string candidate = $"{hint}_{i}";
            if (names.Add(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>Adds a node with one output named after <paramref name="hint"/> and returns that output's name.</summary>
    public string Node(string op, string hint, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes)
    {
        string output = Fresh(hint);
        nodes.Add(new OnnxNode(op, output, inputs, [output], attributes));
        return output;
    }

    /// <summary>Adds a node whose output has a reserved name (a graph output).</summary>
    public void NodeInto(string op, string output, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes) =>
        nodes.Add(new OnnxNode(op, output, inputs, [output], attributes));

    /// <summary>A float constant.</summary>
    public string Constant(string hint, float[] data, params long[] dims)
    {
        string name = Fresh(hint);
        initializers.Add(OnnxTensor.Floats(name, data, dims));
        return name;
    }

    /// <summary>An int64 constant.</summary>
    public string Constant(string hint, long[] data, params long[] dims)
    {
        string name = Fresh(hint);
        initializers.Add(OnnxTensor.Longs(name, data, dims));
        return name;
    }
}
