namespace NetSpace.Interop.Onnx;

/// <summary>One node attribute: an int, a float, a string or a list of ints (the kinds NetSpace's graphs use).</summary>
internal sealed record OnnxAttribute(string Name, long? Int = null, float? Float = null, string? Text = null, IReadOnlyList<long>? Ints = null)
{
    public static OnnxAttribute Of(string name, long value) => new(name, Int: value);

    public static OnnxAttribute Of(string name, float value) => new(name, Float: value);

    public static OnnxAttribute Of(string name, string value) => new(name, Text: value);

    public static OnnxAttribute Of(string name, params long[] values) => new(name, Ints: values);
}
