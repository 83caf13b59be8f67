using Microsoft.ML.OnnxRuntime;

namespace NetSpace.Interop.Tests;

public class InteropProjectTests
{
    [Fact]
    public void OnnxRuntimeNativeLibraryLoads()
    {
        // Fails if the ONNX Runtime package's native library is missing for this platform.
        var providers = OrtEnv.Instance().GetAvailableProviders();
        Assert.Contains("CPUExecutionProvider", providers);
    }
}
