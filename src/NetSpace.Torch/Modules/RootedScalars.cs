using TorchSharp;

namespace NetSpace.Torch.Modules;

/// <summary>
/// Scalars that live as long as the process, for the tensor operations NetSpace runs at every training step.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 turns a <c>double</c> or <c>int</c> given where a <see cref="Scalar"/> is expected (and the default
/// <c>alpha</c> of <c>add</c>/<c>add_</c>/<c>sub</c>) into a temporary <see cref="Scalar"/> whose finalizer frees the
/// native value, and passes only its handle to native code without keeping the object alive. The finalizer thread can
/// then free the value while libtorch still reads it: rarely, a step fails with <c>ExternalException … toFloat</c> (or
/// <c>toBFloat16</c>, <c>toLong</c>) <c>at c10/core/Scalar.h</c>. Code on the training path therefore passes a Scalar
/// that is reachable for the whole call: one of these (static, never finalised), or one it holds in a <c>using</c>
/// around the call (see <see cref="Optim.SGD"/>).
/// </remarks>
public static class RootedScalars
{
    /// <summary>The integer 1: the <c>alpha</c> of a plain <c>add</c>/<c>add_</c>.</summary>
    public static readonly Scalar One = 1.ToScalar();
}
