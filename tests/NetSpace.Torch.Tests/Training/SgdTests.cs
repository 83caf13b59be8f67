using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetSpace.Tests.Training;

public class SgdTests
{
    // Parameters of mixed shapes, one of which gets no gradient (it must then be left alone by both optimizers).
    private static Parameter[] MakeParameters(int seed)
    {
        var generator = new torch.Generator((ulong)seed);
        return
        [
            new Parameter(torch.randn([4, 3, 3, 3], generator: generator)),
            new Parameter(torch.randn([4], generator: generator)),
            new Parameter(torch.randn([10, 4], generator: generator)),
            new Parameter(torch.randn([5], generator: generator)),
        ];
    }

    // A loss whose gradients depend on the parameters (so momentum, decay and the rate all matter), skipping the last one.
    private static void Backward(Parameter[] parameters, int step)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator((ulong)(100 + step));
        Tensor? loss = null;
        foreach (var p in parameters.Take(parameters.Length - 1))
        {
            var target = torch.randn(p.shape, generator: generator);
            var term = p.sub(target).pow(2).sum().add(p.sin().sum());
            loss = loss is null ? term : loss.add(term);
        }

        loss!.backward();
    }

    private static void Step(optim.Optimizer optimizer, Parameter[] parameters, int step, double lr)
    {
        optimizer.zero_grad();
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = lr;
        }

        Backward(parameters, step);
        optimizer.step();
    }

    private static void AssertSame(Parameter[] expected, Parameter[] actual)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Same(expected[i], actual[i]), $"parameter {i} differs");
        }
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.allclose(b, rtol: 0, atol: 0);

    private static Tensor?[] Buffers(OptimizerHelper optimizer) =>
        optimizer.state_dict().State.Cast<SGD.State>().Select(s => s.momentum_buffer).ToArray();

    [Theory]
    [InlineData(0.9, 0.0, 5e-4, true, false)]   // fm2: Nesterov, weight decay
    [InlineData(0.9, 0.0, 5e-5, false, false)]  // pycls's recipe
    [InlineData(0.9, 0.1, 1e-4, false, false)]  // dampening
    [InlineData(0.0, 0.0, 1e-4, false, false)]  // no momentum
    [InlineData(0.5, 0.0, 0.0, true, true)]     // no decay, maximize
    public void StepsBitForBitLikeTorchSharpsSgd(double momentum, double dampening, double weightDecay, bool nesterov, bool maximize)
    {
        var theirs = MakeParameters(7);
        var ours = MakeParameters(7);
        using var reference = torch.optim.SGD(theirs, 0.1, momentum, dampening, weightDecay, nesterov, maximize);
        using var rooted = new NetSpace.Torch.Optim.SGD(ours, 0.1, momentum, dampening, weightDecay, nesterov, maximize);
        for (int step = 0; step < 5; step++)
        {
            double lr = 0.1 * (1 + Math.Cos(Math.PI * step / 5)) / 2;
            Step(reference, theirs, step, lr);
            Step(rooted, ours, step, lr);
            AssertSame(theirs, ours);
        }

        var expectedBuffers = Buffers(reference);
        var actualBuffers = Buffers(rooted);
        Assert.Equal(expectedBuffers.Length, actualBuffers.Length);
        for (int i = 0; i < expectedBuffers.Length; i++)
        {
            Assert.Equal(expectedBuffers[i] is null, actualBuffers[i] is null);
            if (expectedBuffers[i] is { } buffer)
            {
                Assert.True(Same(buffer, actualBuffers[i]!), $"momentum buffer {i} differs");
            }
        }

        Assert.Equal(momentum == 0 ? 0 : 3, actualBuffers.Count(b => b is not null)); // the gradient-less parameter has none
        Assert.False(Same(MakeParameters(7)[0], ours[0])); // it did train
        Assert.True(Same(MakeParameters(7)[3], ours[3]));
    }

    [Fact]
    public void ContinuesFromTheStateTorchSharpsSgdSavedAndTheOtherWayRound()
    {
        var theirs = MakeParameters(11);
        var ours = MakeParameters(11);
        using var reference = torch.optim.SGD(theirs, 0.05, momentum: 0.9, weight_decay: 5e-4, nesterov: true);
        using var warmup = torch.optim.SGD(ours, 0.05, momentum: 0.9, weight_decay: 5e-4, nesterov: true);
        for (int step = 0; step < 3; step++)
        {
            Step(reference, theirs, step, 0.05);
            Step(warmup, ours, step, 0.05);
        }

        // A checkpoint written by TorchSharp's SGD (as runs made before NetSpace's SGD have) loads into NetSpace's SGD.
        using var saved = new MemoryStream();
        using (var writer = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            warmup.save_state_dict(writer);
        }

        saved.Position = 0;
        using var rooted = new NetSpace.Torch.Optim.SGD(ours, 0.05, momentum: 0.9, weight_decay: 5e-4, nesterov: true);
        using (var reader = new BinaryReader(saved))
        {
            rooted.load_state_dict(reader);
        }

        for (int step = 3; step < 6; step++)
        {
            Step(reference, theirs, step, 0.02);
            Step(rooted, ours, step, 0.02);
            AssertSame(theirs, ours);
        }

        // And NetSpace's SGD's state loads back into TorchSharp's.
        using var back = new MemoryStream();
        using (var writer = new BinaryWriter(back, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            rooted.save_state_dict(writer);
        }

        back.Position = 0;
        using var again = torch.optim.SGD(ours, 0.02, momentum: 0.9, weight_decay: 5e-4, nesterov: true);
        using (var reader = new BinaryReader(back))
        {
            again.load_state_dict(reader);
        }

        Step(reference, theirs, 6, 0.01);
        Step(again, ours, 6, 0.01);
        AssertSame(theirs, ours);
    }
}
