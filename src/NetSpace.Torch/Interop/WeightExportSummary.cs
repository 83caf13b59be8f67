using NetSpace.Interop.PyTorch;

namespace NetSpace.Torch.Interop;

/// <summary>What <see cref="WeightExporter.Export"/> wrote.</summary>
/// <param name="File">The safetensors file.</param>
/// <param name="Convention">Whose names.</param>
/// <param name="Tensors">Tensors written (BN counters included).</param>
/// <param name="Params">Parameters of the network.</param>
/// <param name="Arch">The library's model name whose architecture the spec equals (class count aside), or null.</param>
public sealed record WeightExportSummary(string File, WeightConvention Convention, int Tensors, long Params, string? Arch);
