using NetSpace.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Optim;

/// <summary>
/// Stochastic gradient descent exactly as TorchSharp's (and PyTorch's) <c>SGD</c> — weight decay added to the gradient,
/// momentum buffer started as the first gradient then <c>buf ← momentum·buf + (1 − dampening)·g</c>, Nesterov's
/// <c>g + momentum·buf</c>, <c>p ← p − lr·g</c> — whose step holds every <see cref="Scalar"/> it passes to libtorch
/// until the step ends.
/// </summary>
/// <remarks>
/// TorchSharp's own step converts <c>weight_decay</c>, <c>momentum</c>, <c>1 − dampening</c> and <c>−lr</c> to temporary
/// Scalars for every parameter, which the finalizer thread may free during the native call (see
/// <see cref="Modules.RootedScalars"/>); over a long training that is millions of chances for the intermittent
/// <c>toFloat at c10/core/Scalar.h</c> failure. This class keeps TorchSharp's parameter groups, options and
/// <see cref="TorchSharp.Modules.SGD.State"/> and its name (TorchSharp's checkpoints record the optimizer's type name,
/// so checkpoints written by either load into the other) and only replaces the step.
/// </remarks>
public sealed class SGD : TorchSharp.Modules.SGD
{
    /// <summary>Creates the optimizer over <paramref name="parameters"/> (the arguments of <c>torch.optim.SGD</c>).</summary>
    public SGD(
        IEnumerable<TorchSharp.Modules.Parameter> parameters,
        double lr,
        double momentum = 0,
        double dampening = 0,
        double weight_decay = 0,
        bool nesterov = false,
        bool maximize = false)
        : base(parameters, lr, momentum, dampening, weight_decay, nesterov, maximize)
    {
    }

    /// <summary>The optimizer a <paramref name="recipe"/> trains with: its peak rate, momentum, weight decay and Nesterov flag.</summary>
    public static SGD For(IEnumerable<TorchSharp.Modules.Parameter> parameters, TrainingRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        return new SGD(parameters, recipe.PeakLr, momentum: recipe.Momentum, weight_decay: recipe.WeightDecay, nesterov: recipe.Nesterov);
    }

    /// <summary>Performs one update of every parameter that has a gradient.</summary>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(Update, closure);

    private void Update(ParamGroup group)
    {
        var options = group.Options;
        double momentum = options.momentum!.Value;
        double dampening = options.dampening!.Value;
        double weightDecay = options.weight_decay!.Value;
        bool nesterov = options.nesterov!.Value;
        double lr = options.LearningRate!.Value;
        double rate = options.maximize!.Value ? lr : -lr;

        // Held by the usings until every parameter of the group is updated: never finalised mid-call.
        using var decayScalar = weightDecay.ToScalar();
        using var momentumScalar = momentum.ToScalar();
        using var keepScalar = (1 - dampening).ToScalar();
        using var rateScalar = rate.ToScalar();

        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null)
            {
                continue;
            }

            if (weightDecay != 0)
            {
                grad = grad.add(param, decayScalar);
            }

            if (momentum != 0)
            {
                var state = (State)_state[param.Handle];
                var buffer = state.momentum_buffer;
                if (buffer is null)
                {
                    buffer = grad.clone().detach().DetachFromDisposeScope();
                    state.momentum_buffer = buffer;
                }
                else
                {
                    buffer.mul_(momentumScalar).add_(grad, keepScalar);
                }

                grad = nesterov ? grad.add(buffer, momentumScalar) : buffer;
            }

            param.add_(grad, rateScalar);
        }
    }
}
