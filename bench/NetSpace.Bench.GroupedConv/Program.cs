using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

// Grouped 3×3 conv, forward + backward, batch 128, 2 threads, on regnetx-200mf's stage shapes at 28 px
// (small stem): libtorch's grouped kernel against a dense conv whose block-diagonal weight is scattered
// from the grouped one (same numbers, g× the multiply-adds). Prints GFLOP/s and the speed ratio.
torch.set_num_threads(2);
const int Batch = 128;
(int C, int H, int G)[] shapes = [(24, 14, 3), (56, 7, 7), (152, 4, 19), (368, 2, 46), (48, 14, 6), (64, 14, 8), (96, 7, 12)];
foreach (var (c, h, g) in shapes)
{
    using var outer = NewDisposeScope();
    var x = randn(Batch, c, h, h).requires_grad_(true);
    var grouped = (randn(c, c / g, 3, 3) * 0.1).requires_grad_(true);
    int perGroup = c / g, k2 = 9;
    var index = arange(c).div(perGroup, rounding_mode: RoundingMode.floor).mul(perGroup * k2).unsqueeze(1).add(arange(perGroup * k2).unsqueeze(0));
    Tensor Dense() => zeros(c, c * k2).scatter(1, index, grouped.reshape(c, perGroup * k2)).reshape(c, c, 3, 3);
    double groupedMs = Time(t => nn.functional.conv2d(t, grouped, padding: [1, 1], groups: g), x);
    double denseMs = Time(t => nn.functional.conv2d(t, Dense(), padding: [1, 1]), x);
    using (no_grad())
    {
        double diff = (nn.functional.conv2d(x, grouped, padding: [1, 1], groups: g) - nn.functional.conv2d(x, Dense(), padding: [1, 1])).abs().max().item<float>();
        double gflop = 3.0 * 2 * Batch * c * (c / (double)g) * 9 * h * h / 1e9;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"C={c,4} {h,2}×{h,-2} groups={g,2}: grouped {groupedMs,7:0.00} ms = {gflop / groupedMs * 1000,5:0.0} GFLOP/s; dense emulation {denseMs,7:0.00} ms; grouped is {denseMs / groupedMs:0.00}× faster; max |Δ| {diff:0.0e0}"));
    }
}

static double Time(Func<Tensor, Tensor> forward, Tensor x)
{
    for (int i = 0; i < 3; i++)
    {
        using var scope = NewDisposeScope();
        forward(x).sum().backward();
    }

    const int Reps = 10;
    var watch = Stopwatch.StartNew();
    for (int i = 0; i < Reps; i++)
    {
        using var scope = NewDisposeScope();
        forward(x).sum().backward();
    }

    return watch.Elapsed.TotalMilliseconds / Reps;
}
