using NetSpace.Bench;
using NetSpace.Torch.Bench;
using System.Diagnostics;
using NetSpace.Torch.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetSpace.Torch.Bench;

/// <summary>
/// Where a forward pass spends its time, by layer kind: forward hooks on every leaf module time its call
/// (CPU ops are synchronous, so wall-clock brackets are exact); the rest of the forward (residual additions,
/// reshapes, module-call overhead) is "outside layers". TorchSharp has no operator profiler; this is the
/// per-layer half of one, and the benchmark's forward/backward/optimizer split is the other.
/// </summary>
public sealed class ForwardProfile : IDisposable
{
    private readonly List<Action> removers = [];
    private readonly Dictionary<nn.Module, long> started = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, double> milliseconds = [];
    private readonly Dictionary<string, Dictionary<string, int>> layouts = [];
    private readonly HashSet<nn.Module> described = new(ReferenceEqualityComparer.Instance);

    /// <summary>Hooks every leaf module of <paramref name="model"/>.</summary>
    public ForwardProfile(nn.Module<Tensor, Tensor> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var module in model.modules())
        {
            if (module.children().Any() || module is not nn.Module<Tensor, Tensor> leaf)
            {
                continue;
            }

            string kind = Kind(module);
            var pre = leaf.register_forward_pre_hook((m, input) =>
            {
                started[m] = Stopwatch.GetTimestamp();
                return input;
            });
            var post = leaf.register_forward_hook((m, input, output) =>
            {
                double ms = Stopwatch.GetElapsedTime(started[m]).TotalMilliseconds;
                milliseconds[kind] = milliseconds.GetValueOrDefault(kind) + ms;
                if (described.Add(m))
                {
                    // Outside the timed bracket: the layout each module's output has (once per module).
                    var counts = layouts.TryGetValue(kind, out var c) ? c : layouts[kind] = [];
                    string layout = ChannelsLast.Describe(output);
                    counts[layout] = counts.GetValueOrDefault(layout) + 1;
                }

                return output;
            });
            removers.Add(pre.remove);
            removers.Add(post.remove);
        }
    }

    /// <summary>Total forward milliseconds per layer kind since creation.</summary>
    public IReadOnlyDictionary<string, double> Milliseconds => milliseconds;

    /// <summary>
    /// Per layer kind, how many modules gave an output of each layout (<see cref="ChannelsLast.Describe"/>: nhwc,
    /// nchw, either, strided, or 2-d for the linear layers), from each module's first hooked call. A kind that
    /// turns channels-last inputs into nchw outputs is making a contiguous copy.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> OutputLayouts =>
        layouts.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)p.Value);

    /// <summary>The layer kind a profile groups a module under.</summary>
    public static string Kind(nn.Module module) => module switch
    {
        Convolution c when c.groups > 1 && c.groups == c.in_channels => $"conv {c.kernel_size[0]}×{c.kernel_size[1]} depthwise",
        Convolution c when c.groups > 1 => $"conv {c.kernel_size[0]}×{c.kernel_size[1]} grouped",
        Convolution c => $"conv {c.kernel_size[0]}×{c.kernel_size[1]}",
        BatchNorm2d => "batch norm",
        ReLU or SiLU or Sigmoid => "activation",
        Linear => "linear",
        _ => module.GetType().Name.ToLowerInvariant(),
    };

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var remove in removers)
        {
            remove();
        }

        removers.Clear();
    }
}
