namespace NetSpace.Bench;

/// <summary>Throughput of full training steps for one network, next to the machine's dense-conv rate measured in the same run.</summary>
public sealed record TrainingBenchmarkResult
{
    /// <summary>Network name.</summary>
    public string Model { get; init; } = string.Empty;

    /// <summary>Memory layout of activations and conv weights.</summary>
    public Training.MemoryLayout Layout { get; init; }

    /// <summary>The number format the network computed in (weights and SGD state are float32 either way).</summary>
    public Training.Precision Precision { get; init; }

    /// <summary>Batch size.</summary>
    public int Batch { get; init; }

    /// <summary>libtorch intra-op threads.</summary>
    public int Threads { get; init; }

    /// <summary>Forward multiply-adds per image.</summary>
    public long Flops { get; init; }

    /// <summary>Median milliseconds of one training step (forward, backward, SGD update), data excluded.</summary>
    public double StepMilliseconds { get; init; }

    /// <summary>Training images per second (from the median step).</summary>
    public double ImagesPerSecond { get; init; }

    /// <summary>Achieved training GFLOP/s: 3 × forward multiply-adds × images/s.</summary>
    public double TrainGflops { get; init; }

    /// <summary>
    /// GFLOP/s (multiply-adds) of a dense 3×3 convolution of similar size, measured in the same run in both layouts,
    /// the faster of the two: the practical limit.
    /// </summary>
    public double DenseConvGflops { get; init; }

    /// <summary>The dense 3×3 convolution's GFLOP/s with contiguous (NCHW) tensors.</summary>
    public double DenseConvNchwGflops { get; init; }

    /// <summary>The dense 3×3 convolution's GFLOP/s with channels-last (NHWC) tensors.</summary>
    public double DenseConvNhwcGflops { get; init; }

    /// <summary><see cref="TrainGflops"/> / <see cref="DenseConvGflops"/> (the float32 conv, also for a bfloat16 run).</summary>
    public double Efficiency => DenseConvGflops > 0 ? TrainGflops / DenseConvGflops : 0;

    /// <summary>Median milliseconds of the forward pass (model only) within a step.</summary>
    public double ForwardMilliseconds { get; init; }

    /// <summary>Median milliseconds of loss and backward within a step.</summary>
    public double BackwardMilliseconds { get; init; }

    /// <summary>Median milliseconds of zero_grad and the SGD step within a step.</summary>
    public double OptimizerMilliseconds { get; init; }

    /// <summary>
    /// Forward milliseconds per step by layer kind (conv 3×3 grouped, conv 1×1, batch norm, activation, …,
    /// and "outside layers": residual additions and call overhead), from extra hooked steps after the timing.
    /// </summary>
    public IReadOnlyDictionary<string, double> ForwardByKind { get; init; } = new Dictionary<string, double>();

    /// <summary>Per layer kind, how many modules' outputs had each layout (nhwc, nchw, either, strided; see <c>ForwardProfile.OutputLayouts</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> OutputLayoutsByKind { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, int>>();

    /// <summary>Layouts of the 4-D parameters after the run (conv weights).</summary>
    public IReadOnlyDictionary<string, int> WeightLayouts { get; init; } = new Dictionary<string, int>();

    /// <summary>Layouts of the 4-D parameters' gradients after the last step.</summary>
    public IReadOnlyDictionary<string, int> GradientLayouts { get; init; } = new Dictionary<string, int>();

    /// <summary>Layouts of the SGD momentum buffers of 4-D parameters after the last step.</summary>
    public IReadOnlyDictionary<string, int> MomentumLayouts { get; init; } = new Dictionary<string, int>();

    /// <summary>Median milliseconds to build one augmented batch from the in-memory data set.</summary>
    public double DataMilliseconds { get; init; }

    /// <summary>Share of a step's time spent building its batch: data / (data + step).</summary>
    public double DataShare => DataMilliseconds / (DataMilliseconds + StepMilliseconds);
}
