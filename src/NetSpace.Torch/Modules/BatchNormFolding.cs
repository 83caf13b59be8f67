using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetSpace.Torch.Modules;

/// <summary>A module that owns conv → BN pairs and can fold them for inference.</summary>
internal interface IBatchNormFoldable
{
    /// <summary>Folds each of this module's own conv → BN pairs (not its children's) into the conv; BN becomes the identity.</summary>
    void FoldBatchNorm();
}

/// <summary>
/// Inference-time folding of BatchNorm into the preceding convolution: in eval mode BN is the per-channel
/// affine map y = γ(x − μ)/√(σ² + ε) + β, so conv → BN equals one conv with weights W·s and bias
/// (b − μ)·s + β, where s = γ/√(σ² + ε). The folded network computes the same function with one pass over
/// each feature map less; it is for inference only (the running statistics are baked in).
/// </summary>
public static class BatchNormFolding
{
    /// <summary>
    /// Folds every conv → BN pair of <paramref name="model"/> in place (stem, blocks, projection shortcuts,
    /// head) and puts the model in eval mode. Returns the number of BN layers folded; folding twice folds
    /// nothing more.
    /// </summary>
    public static int Fold(NetworkModule model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.eval();
        int before = CountBatchNorms(model);
        using (torch.no_grad())
        {
            foreach (var (_, module) in model.named_modules().ToList())
            {
                (module as IBatchNormFoldable)?.FoldBatchNorm();
            }
        }

        int after = CountBatchNorms(model);
        if (after != 0)
        {
            throw new InvalidOperationException($"{after} BatchNorm layers were not folded");
        }

        return before - after;
    }

    /// <summary>
    /// An eval-mode copy of <paramref name="model"/> (same spec, weights and running statistics, same device)
    /// with every BN folded into its conv; <paramref name="model"/> is left unchanged.
    /// </summary>
    public static NetworkModule FoldedCopy(NetworkModule model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var copy = new NetworkModule(model.Spec);
        var device = model.parameters().First().device;
        if (device.type != DeviceType.CPU)
        {
            copy.to(device);
        }

        copy.load_state_dict(model.state_dict());
        Fold(copy);
        return copy;
    }

    /// <summary>Number of BatchNorm2d layers left in <paramref name="module"/>.</summary>
    public static int CountBatchNorms(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.modules().Count(m => m is BatchNorm2d);
    }

    /// <summary>
    /// Rewrites <paramref name="conv"/> so that it computes conv followed by <paramref name="norm"/> in eval
    /// mode (arithmetic in float64, stored in the conv's dtype). <paramref name="norm"/> is not changed.
    /// </summary>
    public static void FoldInto(Convolution conv, BatchNorm2d norm)
    {
        ArgumentNullException.ThrowIfNull(conv);
        ArgumentNullException.ThrowIfNull(norm);
        if (norm.running_mean is null || norm.running_var is null)
        {
            throw new InvalidOperationException("BatchNorm without running statistics cannot be folded");
        }

        long channels = conv.weight.shape[0];
        if (norm.num_features != channels)
        {
            throw new ArgumentException($"conv has {channels} output channels but BN has {norm.num_features}");
        }

        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var dtype = conv.weight.dtype;
        var device = conv.weight.device;
        var gamma = norm.weight is null ? torch.ones(channels, float64, device) : norm.weight.to(float64);
        var beta = norm.bias is null ? torch.zeros(channels, float64, device) : norm.bias.to(float64);
        var scale = gamma / (norm.running_var.to(float64) + norm.eps).sqrt();
        var shift = beta - (norm.running_mean.to(float64) * scale);
        var bias = conv.bias is null ? shift : (conv.bias.to(float64) * scale) + shift;

        conv.weight.copy_((conv.weight.to(float64) * scale.view(-1, 1, 1, 1)).to(dtype));
        conv.bias = new Parameter(bias.to(dtype).contiguous(), requires_grad: conv.weight.requires_grad);
    }

    /// <summary>
    /// Folds <paramref name="norm"/> into <paramref name="conv"/> and registers an identity under
    /// <paramref name="name"/> in <paramref name="owner"/>; returns the module the owner's field must now
    /// hold. A norm that is not a BatchNorm2d (already folded) is returned unchanged.
    /// </summary>
    internal static nn.Module<Tensor, Tensor> FoldPair(nn.Module owner, string name, nn.Module<Tensor, Tensor> conv, nn.Module<Tensor, Tensor> norm)
    {
        if (norm is not BatchNorm2d bn)
        {
            return norm;
        }

        FoldInto((Convolution)conv, bn);
        var identity = nn.Identity();
        owner.register_module(name, null!); // a null module unregisters the name (TorchSharp Module.register_module)
        owner.register_module(name, identity);
        bn.Dispose();
        return identity;
    }
}
