using System.Buffers.Binary;
using System.Text;

namespace NetSpace.Interop.PyTorch;

/// <summary>
/// A restricted unpickler for the <c>data.pkl</c> of a <c>torch.save</c> zip file. It interprets the opcodes a state
/// dict needs (protocol 2, plus the few of protocols 3–4 that newer writers emit) and builds plain values; it never
/// runs code. The only callables it accepts are <c>collections.OrderedDict</c>, <c>torch._utils._rebuild_tensor_v2</c>
/// and <c>torch._utils._rebuild_parameter</c> (and its <c>_with_state</c> form), and storages (persistent ids) of the legacy <c>torch.*Storage</c>
/// types; any other global is refused with its name, so a malicious or unrelated pickle cannot do anything.
/// </summary>
internal sealed class TorchPickleReader
{
    private readonly byte[] data;
    private readonly string source;
    private readonly Stack<object?> stack = new();
    private readonly Stack<int> marks = new();
    private readonly Dictionary<long, object?> memo = [];
    private int pos;

    private TorchPickleReader(byte[] data, string source)
    {
        this.data = data;
        this.source = source;
    }

    /// <summary>A global reference (module, name), only ever compared against the allow-list.</summary>
    internal sealed record PyGlobal(string Module, string Name)
    {
        public override string ToString() => $"{Module}.{Name}";
    }

    /// <summary>A Python dict or OrderedDict, keys in insertion order.</summary>
    internal sealed class PyDict
    {
        public List<KeyValuePair<object, object?>> Items { get; } = [];

        public void Set(object key, object? value)
        {
            int i = Items.FindIndex(kv => Equals(kv.Key, key));
            if (i >= 0)
            {
                Items[i] = new(key, value);
            }
            else
            {
                Items.Add(new(key, value));
            }
        }
    }

    /// <summary>A storage of the zip's <c>data/</c> folder (persistent id).</summary>
    internal sealed record StorageRef(TensorDType DType, string Key, long ElementCount);

    /// <summary>A tensor view of a storage: element offset, sizes and strides.</summary>
    internal sealed record TensorRef(StorageRef Storage, long Offset, long[] Size, long[] Stride);

    private sealed class Mark
    {
        public static readonly Mark Instance = new();
    }

    /// <summary>Interprets the pickle and returns its top-level object.</summary>
    public static object? Load(byte[] pickle, string source) => new TorchPickleReader(pickle, source).Run();

    private object? Run()
    {
        while (true)
        {
            byte op = ReadByte();
            switch (op)
            {
                case 0x80: // PROTO
                    ReadByte();
                    break;
                case 0x95: // FRAME
                    ReadBytes(8);
                    break;
                case (byte)'.': // STOP
                    return Pop();
                case (byte)'}': // EMPTY_DICT
                    stack.Push(new PyDict());
                    break;
                case (byte)']': // EMPTY_LIST
                    stack.Push(new List<object?>());
                    break;
                case (byte)')': // EMPTY_TUPLE
                    stack.Push(Array.Empty<object?>());
                    break;
                case (byte)'(': // MARK
                    marks.Push(stack.Count);
                    stack.Push(Mark.Instance);
                    break;
                case (byte)'q': // BINPUT
                    memo[ReadByte()] = Peek();
                    break;
                case (byte)'r': // LONG_BINPUT
                    memo[BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))] = Peek();
                    break;
                case 0x94: // MEMOIZE
                    memo[memo.Count] = Peek();
                    break;
                case (byte)'h': // BINGET
                    stack.Push(Memo(ReadByte()));
                    break;
                case (byte)'j': // LONG_BINGET
                    stack.Push(Memo(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))));
                    break;
                case (byte)'X': // BINUNICODE
                    stack.Push(Encoding.UTF8.GetString(ReadBytes(checked((int)BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))))));
                    break;
                case 0x8c: // SHORT_BINUNICODE
                    stack.Push(Encoding.UTF8.GetString(ReadBytes(ReadByte())));
                    break;
                case 0x8d: // BINUNICODE8
                    stack.Push(Encoding.UTF8.GetString(ReadBytes(checked((int)BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8))))));
                    break;
                case (byte)'T': // BINSTRING (Python 2 str)
                    stack.Push(Encoding.Latin1.GetString(ReadBytes(checked((int)BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))))));
                    break;
                case (byte)'U': // SHORT_BINSTRING
                    stack.Push(Encoding.Latin1.GetString(ReadBytes(ReadByte())));
                    break;
                case (byte)'B': // BINBYTES
                    stack.Push(ReadBytes(checked((int)BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))).ToArray());
                    break;
                case (byte)'C': // SHORT_BINBYTES
                    stack.Push(ReadBytes(ReadByte()).ToArray());
                    break;
                case (byte)'J': // BININT
                    stack.Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4)));
                    break;
                case (byte)'K': // BININT1
                    stack.Push((long)ReadByte());
                    break;
                case (byte)'M': // BININT2
                    stack.Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2)));
                    break;
                case 0x8a: // LONG1
                    stack.Push(ReadLong(ReadByte()));
                    break;
                case (byte)'G': // BINFLOAT (big-endian)
                    stack.Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8)));
                    break;
                case (byte)'N': // NONE
                    stack.Push(null);
                    break;
                case 0x88: // NEWTRUE
                    stack.Push(true);
                    break;
                case 0x89: // NEWFALSE
                    stack.Push(false);
                    break;
                case (byte)'t': // TUPLE
                    stack.Push(PopMark().ToArray());
                    break;
                case 0x85: // TUPLE1
                    stack.Push(new[] { Pop() });
                    break;
                case 0x86: // TUPLE2
                {
                    var b = Pop();
                    var a = Pop();
                    stack.Push(new[] { a, b });
                    break;
                }

                case 0x87: // TUPLE3
                {
                    var c = Pop();
                    var b = Pop();
                    var a = Pop();
                    stack.Push(new[] { a, b, c });
                    break;
                }

                case (byte)'a': // APPEND
                {
                    var item = Pop();
                    As<List<object?>>(Peek(), "APPEND target").Add(item);
                    break;
                }

                case (byte)'e': // APPENDS
                {
                    var items = PopMark();
                    As<List<object?>>(Peek(), "APPENDS target").AddRange(items);
                    break;
                }

                case (byte)'s': // SETITEM
                {
                    var value = Pop();
                    var key = Pop();
                    As<PyDict>(Peek(), "SETITEM target").Set(Key(key), value);
                    break;
                }

                case (byte)'u': // SETITEMS
                {
                    var items = PopMark();
                    var dict = As<PyDict>(Peek(), "SETITEMS target");
                    for (int i = 0; i + 1 < items.Count; i += 2)
                    {
                        dict.Set(Key(items[i]), items[i + 1]);
                    }

                    break;
                }

                case (byte)'c': // GLOBAL
                    stack.Push(new PyGlobal(ReadLine(), ReadLine()));
                    break;
                case 0x93: // STACK_GLOBAL
                {
                    var name = As<string>(Pop(), "STACK_GLOBAL name");
                    var module = As<string>(Pop(), "STACK_GLOBAL module");
                    stack.Push(new PyGlobal(module, name));
                    break;
                }

                case (byte)'Q': // BINPERSID
                    stack.Push(PersistentLoad(Pop()));
                    break;
                case (byte)'R': // REDUCE
                {
                    var args = As<object?[]>(Pop(), "REDUCE arguments");
                    stack.Push(Reduce(Pop(), args));
                    break;
                }

                case (byte)'b': // BUILD
                {
                    // The only BUILD a state dict has sets OrderedDict attributes (the per-module `_metadata` versions),
                    // which carry nothing a weight import needs; state for anything else is refused.
                    Pop();
                    if (Peek() is not PyDict)
                    {
                        throw Error($"BUILD on {Describe(Peek())}: not part of a state dict");
                    }

                    break;
                }

                default:
                    throw Error($"pickle opcode 0x{op:x2} at byte {pos - 1} is not used by state dicts (or the file is damaged)");
            }
        }
    }

    private object? Reduce(object? callable, object?[] args)
    {
        if (callable is not PyGlobal g)
        {
            throw Error($"REDUCE of {Describe(callable)}");
        }

        switch (g.ToString())
        {
            case "collections.OrderedDict" when args.Length == 0:
                return new PyDict();
            case "torch._utils._rebuild_tensor_v2" when args.Length >= 4:
            {
                var storage = As<StorageRef>(args[0], "tensor storage");
                long offset = As<long>(args[1], "tensor storage offset");
                var size = As<object?[]>(args[2], "tensor size").Select(v => As<long>(v, "tensor size")).ToArray();
                var stride = As<object?[]>(args[3], "tensor stride").Select(v => As<long>(v, "tensor stride")).ToArray();
                if (size.Length != stride.Length)
                {
                    throw Error($"tensor with {size.Length} sizes and {stride.Length} strides");
                }

                return new TensorRef(storage, offset, size, stride);
            }

            case "torch._utils._rebuild_parameter" or "torch._utils._rebuild_parameter_with_state" when args.Length >= 1:
                return As<TensorRef>(args[0], "parameter data");
            default:
                throw Error($"refers to the Python callable '{g}', which a state dict does not need; refusing to run pickle code (only tensors in dicts can be read)");
        }
    }

    private StorageRef PersistentLoad(object? pid)
    {
        // torch.save's persistent id: ('storage', storage type, key, location, numel).
        var t = As<object?[]>(pid, "persistent id");
        if (t.Length < 5 || t[0] is not "storage")
        {
            throw Error($"persistent id {Describe(pid)} is not a storage");
        }

        var type = As<PyGlobal>(t[1], "storage type");
        var dtype = type.Module == "torch" ? TensorDTypes.FromStorageName(type.Name) : null;
        if (dtype is null)
        {
            throw Error($"storage type '{type}' is not supported (float32/64/16, bfloat16, int64/32/16/8, uint8, bool are)");
        }

        return new StorageRef(dtype.Value, As<string>(t[2], "storage key"), As<long>(t[4], "storage size"));
    }

    private static object Key(object? key) => key ?? throw new InvalidDataException("None as a dict key");

    private object? Memo(long index) =>
        memo.TryGetValue(index, out var value) ? value : throw Error($"memo entry {index} read before it was written");

    private List<object?> PopMark()
    {
        if (marks.Count == 0)
        {
            throw Error("MARK expected");
        }

        int mark = marks.Pop();
        var items = new List<object?>();
        while (stack.Count > mark + 1)
        {
            items.Add(stack.Pop());
        }

        stack.Pop(); // the mark itself
        items.Reverse();
        return items;
    }

    private object? Pop()
    {
        if (stack.Count == 0 || stack.Peek() is Mark)
        {
            throw Error("stack underflow");
        }

        return stack.Pop();
    }

    private object? Peek() => stack.Count > 0 ? stack.Peek() : throw Error("stack underflow");

    private byte ReadByte() => pos < data.Length ? data[pos++] : throw Error("ends before STOP");

    private ReadOnlySpan<byte> ReadBytes(int n)
    {
        if (n < 0 || pos + n > data.Length)
        {
            throw Error("ends inside an opcode");
        }

        var span = data.AsSpan(pos, n);
        pos += n;
        return span;
    }

    private string ReadLine()
    {
        int end = Array.IndexOf(data, (byte)'\n', pos);
        if (end < 0)
        {
            throw Error("unterminated GLOBAL");
        }

        string s = Encoding.UTF8.GetString(data, pos, end - pos);
        pos = end + 1;
        return s;
    }

    private long ReadLong(int n)
    {
        var bytes = ReadBytes(n);
        if (n > 8)
        {
            throw Error($"{n}-byte integer");
        }

        long v = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            v = (v << 8) | bytes[i];
        }

        if (n is > 0 and < 8 && (bytes[n - 1] & 0x80) != 0)
        {
            v -= 1L << (8 * n); // two's complement sign
        }

        return v;
    }

    private T As<T>(object? value, string what) =>
        value is T t ? t : throw Error($"{what}: {Describe(value)} where {typeof(T).Name} was expected");

    private static string Describe(object? value) => value switch
    {
        null => "None",
        PyGlobal g => $"global '{g}'",
        string s => $"'{s}'",
        object?[] t => $"tuple of {t.Length}",
        _ => value.GetType().Name,
    };

    private PyTorchFormatException Error(string message) => new($"{source}: data.pkl: {message}");
}
