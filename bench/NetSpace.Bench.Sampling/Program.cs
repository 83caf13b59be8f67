// Sampling throughput of every built-in design space: candidate configs per second on one thread,
// each one drawn, validated and measured (flops, params, acts), as SpaceSampler does for a sweep.
//
//   dotnet run -c Release --project bench/NetSpace.Bench.Sampling [-- --draws 200000 --size 224]
//
// Two figures per space:
//   all draws/s  — a window that accepts nothing, so every draw goes through the whole pipeline
//                  (draw → space rules → validation → complexity → window check);
//   window run   — the paper's 360–400MF window (or --flops), sampling --samples distinct models:
//                  draws/s and acceptance rate of a real run.
using System.Diagnostics;
using System.Globalization;
using NetSpace.DesignSpaces;
using NetSpace.Specs;

long draws = 200_000;
int samples = 100;
int? size = null;
string flops = "360M:400M";
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--draws": draws = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--samples": samples = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--size": size = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--flops": flops = args[i + 1]; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

Func<NetworkSpec, NetworkSpec>? retarget = size is int s ? spec => spec.Retarget(s, 1, 10, StemType.Small) : null;
var nothing = new ComplexityConstraints { Flops = new ComplexityWindow(-2, -1) };
var window = new ComplexityConstraints { Flops = ComplexityWindow.Parse(flops) };
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"sampling benchmark: {draws:N0} draws per space, one thread, {Environment.ProcessorCount} cores, load {LoadAverage()}, input {(size is int px ? $"{px} px (retargeted, small stem)" : "224 px")}"));
Console.WriteLine($"{"space",-10} {"all draws/s",12} {"rejected by space",18}   {"window " + flops,-22} {"draws/s",10} {"accept",8}");

// Warm-up: every space's code path through JIT and tiered (PGO) compilation before anything is timed.
for (int round = 0; round < 3; round++)
{
    foreach (var space in DesignSpaceCatalog.BuiltIn)
    {
        Run(space, nothing, Math.Min(50_000, draws), seed: 99);
    }

    Thread.Sleep(200);
}

foreach (var space in DesignSpaceCatalog.BuiltIn)
{
    var (all, seconds) = Run(space, nothing, draws, seed: 1);
    double rate = all.Draws / seconds;
    double bySpace = (double)all.RejectedBySpace / all.Draws;

    var sw = Stopwatch.StartNew();
    SamplingResult? run = null;
    try
    {
        run = SpaceSampler.Sample(space, samples, window, seed: 0, retarget);
    }
    catch (SamplingException)
    {
    }

    sw.Stop();
    string windowText = run is null
        ? "none found"
        : string.Create(CultureInfo.InvariantCulture, $"{run.Samples.Count} in {run.Draws:N0} draws");
    string windowRate = run is null ? "-" : (run.Draws / sw.Elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture);
    string accept = run is null ? "-" : (run.AcceptanceRate * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{space.Name,-10} {rate,12:N0} {bySpace,18:P1}   {windowText,-22} {windowRate,10} {accept,8}"));
}

return 0;

(SamplingResult Result, double Seconds) Run(IDesignSpace space, ComplexityConstraints constraints, long n, long seed)
{
    var sw = Stopwatch.StartNew();
    try
    {
        SpaceSampler.Sample(space, 1, constraints, seed, retarget, maxDraws: n);
        throw new InvalidOperationException("the empty window accepted a model");
    }
    catch (SamplingException)
    {
    }

    sw.Stop();

    // The exception carries only text: count the space's own rejections in a separate, untimed pass.
    var counts = Count(space, n, seed);
    return (counts, sw.Elapsed.TotalSeconds);
}

static SamplingResult Count(IDesignSpace space, long n, long seed)
{
    // Same random stream as SpaceSampler, counting only what the space rejects (cheap, no complexity).
    var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
    long bySpace = 0;
    for (long i = 0; i < n; i++)
    {
        if (space.Draw(random) is null)
        {
            bySpace++;
        }
    }

    return new SamplingResult { Samples = [], Draws = n, RejectedBySpace = bySpace };
}

static string LoadAverage()
{
    try
    {
        return File.ReadAllText("/proc/loadavg").Split(' ')[0];
    }
    catch (IOException)
    {
        return "?";
    }
}
