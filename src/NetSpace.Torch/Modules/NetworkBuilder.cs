using NetSpace.Specs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetSpace.Torch.Modules;

/// <summary>Builds TorchSharp modules from specs and initialises them as pycls does.</summary>
public static class NetworkBuilder
{
    /// <summary>
    /// Validates the spec, builds the network and initialises its weights from <paramref name="seed"/>:
    /// conv weights N(0, sqrt(2/fan_out)) with fan_out = k²·c_out, BN γ = 1 and β = 0, linear weights
    /// N(0, 0.01) and bias 0 (pycls <c>init_weights</c>; conv biases keep PyTorch's default, as in pycls).
    /// </summary>
    /// <param name="spec">The network.</param>
    /// <param name="seed">Seed of the initialisation.</param>
    /// <param name="zeroInitFinalGamma">
    /// Start every residual block as the identity by zeroing its last BN's γ (pycls <c>BN.ZERO_INIT_FINAL_GAMMA</c>).
    /// </param>
    public static NetworkModule Build(NetworkSpec spec, long seed, bool zeroInitFinalGamma = false)
    {
        SpecValidator.Validate(spec);
        torch.random.manual_seed(seed);
        var model = new NetworkModule(spec);
        InitializeWeights(model);
        if (zeroInitFinalGamma)
        {
            foreach (var (_, m) in model.named_modules())
            {
                (m as IResidualBlock)?.ZeroInitFinalNorm();
            }
        }

        return model;
    }

    /// <summary>pycls's weight initialisation applied to every sub-module.</summary>
    public static void InitializeWeights(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var noGrad = torch.no_grad();
        foreach (var (_, m) in module.named_modules())
        {
            switch (m)
            {
                case Convolution conv:
                    long fanOut = conv.weight!.shape[2] * conv.weight.shape[3] * conv.weight.shape[0];
                    nn.init.normal_(conv.weight, 0.0, Math.Sqrt(2.0 / fanOut));
                    break;
                case BatchNorm2d bn:
                    nn.init.ones_(bn.weight!);
                    nn.init.zeros_(bn.bias!);
                    break;
                case Linear linear:
                    nn.init.normal_(linear.weight!, 0.0, 0.01);
                    if (linear.bias is not null)
                    {
                        nn.init.zeros_(linear.bias);
                    }

                    break;
            }
        }
    }
}
