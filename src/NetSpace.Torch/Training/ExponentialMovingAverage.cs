using NetSpace.Training;
using NetSpace.Torch.Training;
using NetSpace.Torch.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Training;

/// <summary>
/// An exponential moving average of a network's weights and BN statistics, kept in a second copy
/// of the network (pycls <c>model_ema</c>): after each step ema ← decay·ema + (1−decay)·model.
/// </summary>
public sealed class ExponentialMovingAverage : IDisposable
{
    private readonly (Tensor Ema, Tensor Live)[] floating;
    private readonly (Tensor Ema, Tensor Live)[] integral;
    private readonly Scalar decayScalar;
    private readonly Scalar liveScalar;

    /// <summary>Creates the average, starting equal to <paramref name="model"/>.</summary>
    public ExponentialMovingAverage(NetworkModule model, double decay)
    {
        ArgumentNullException.ThrowIfNull(model);
        Decay = decay;
        // Held for the average's life and passed explicitly (see RootedScalars): never finalised during a native call.
        decayScalar = decay.ToScalar();
        liveScalar = (1 - decay).ToScalar();
        Model = new NetworkModule(model.Spec);
        var live = model.state_dict();
        var ema = Model.state_dict();
        var pairs = live.Keys.Select(k => (Ema: ema[k], Live: live[k])).ToArray();
        floating = pairs.Where(p => p.Live.is_floating_point()).ToArray();
        integral = pairs.Where(p => !p.Live.is_floating_point()).ToArray();
        using var noGrad = torch.no_grad();
        foreach (var (e, l) in pairs)
        {
            e.copy_(l);
        }
    }

    /// <summary>Decay per step.</summary>
    public double Decay { get; }

    /// <summary>The averaged network (evaluate it in eval mode).</summary>
    public NetworkModule Model { get; }

    /// <summary>Moves the average towards the live weights.</summary>
    public void Update()
    {
        using var noGrad = torch.no_grad();
        foreach (var (e, l) in floating)
        {
            e.mul_(decayScalar).add_(l, liveScalar);
        }

        foreach (var (e, l) in integral)
        {
            e.copy_(l);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Model.Dispose();
        decayScalar.Dispose();
        liveScalar.Dispose();
    }
}
