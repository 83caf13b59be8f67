namespace NetSpace.Interop.PyTorch;

/// <summary>Named tensors in file order, as read from a PyTorch state dict or a safetensors file.</summary>
public sealed class StateDict
{
    private readonly List<KeyValuePair<string, StoredTensor>> entries = [];
    private readonly Dictionary<string, StoredTensor> byName = new(StringComparer.Ordinal);

    /// <summary>Creates an empty state dict.</summary>
    /// <param name="source">Where the tensors come from (a file path), for messages.</param>
    public StateDict(string source)
    {
        Source = source;
    }

    /// <summary>Where the tensors come from (a file path), for messages.</summary>
    public string Source { get; }

    /// <summary>String metadata (safetensors <c>__metadata__</c>); empty for PyTorch pickles.</summary>
    public IDictionary<string, string> Metadata { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The tensors in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, StoredTensor>> Entries => entries;

    /// <summary>Number of tensors.</summary>
    public int Count => entries.Count;

    /// <summary>The names in file order.</summary>
    public IEnumerable<string> Names => entries.Select(e => e.Key);

    /// <summary>Adds a tensor; names are unique.</summary>
    public void Add(string name, StoredTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tensor);
        if (!byName.TryAdd(name, tensor))
        {
            throw new PyTorchFormatException($"{Source}: tensor '{name}' appears twice");
        }

        entries.Add(new(name, tensor));
    }

    /// <summary>The tensor of that name, or null.</summary>
    public StoredTensor? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>Whether a tensor of that name exists.</summary>
    public bool Contains(string name) => byName.ContainsKey(name);
}
