using NetSpace.Interop.Onnx;
using NetSpace.Torch.Modules;
using NetSpace.Torch.Modules.MultiTask;

namespace NetSpace.Torch.Interop;

/// <summary>ONNX export of TorchSharp networks: their spec and state dict handed to <see cref="OnnxExporter"/>.</summary>
public static class TorchOnnx
{
    /// <summary>The classification network <paramref name="model"/> (its spec and weights) as ONNX model bytes.</summary>
    /// <exception cref="OnnxExportException">The network or an option cannot be represented (names the tensor, module or option).</exception>
    public static byte[] Export(NetworkModule model, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        return OnnxExporter.Export(model.Spec, TorchStateDict.Read(model), options);
    }

    /// <summary>The multi-task network <paramref name="model"/> as ONNX model bytes: one backbone pass, one output per task.</summary>
    /// <exception cref="OnnxExportException">The network or an option cannot be represented (names the tensor, module or option).</exception>
    public static byte[] Export(MultiTaskNetwork model, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        return OnnxExporter.Export(model.Spec, model.Heads, model.Tasks, TorchStateDict.Read(model), options);
    }
}
