using System.Diagnostics;
using NetSpace.Complexity;
using NetSpace.Specs;
using NetSpace.Training;

namespace NetSpace.Sweeps;

/// <summary>One measurement of <see cref="ClaimBenchmark"/>.</summary>
/// <param name="Store">Where (no password).</param>
/// <param name="Workers">Concurrent claimers, each with its own store object (connection).</param>
/// <param name="Trials">Trials claimed and completed.</param>
/// <param name="Seconds">Wall time from the first claim to the last completion.</param>
/// <param name="ClaimMilliseconds">Median time of one claim.</param>
/// <param name="CompleteMilliseconds">Median time of one completion (result and one epoch of metrics in one transaction).</param>
public sealed record ClaimBenchmarkResult(string Store, int Workers, int Trials, double Seconds, double ClaimMilliseconds, double CompleteMilliseconds)
{
    /// <summary>Claim-and-complete cycles per second over all workers.</summary>
    public double ClaimsPerSecond => Trials / Seconds;
}

/// <summary>
/// Trial-claim throughput of a store: <c>W</c> threads, each with its own store object, claim and complete
/// the trials of a throw-away sweep (no training) until none is left. Every trial must be claimed exactly once;
/// the sweep is deleted afterwards.
/// </summary>
public static class ClaimBenchmark
{
    /// <summary>Runs one measurement; <paramref name="open"/> opens a new store object on the same location.</summary>
    public static ClaimBenchmarkResult Run(Func<ITrialStore> open, int workers, int trials)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        string name = "bench-claims-" + Guid.NewGuid().ToString("N")[..12];
        var spec = new NetworkSpec
        {
            Input = new InputSpec { Size = 28, Channels = 1 },
            Stem = new StemSpec { Type = StemType.Small, Width = 8 },
            Stages = [new StageSpec { Depth = 1, Width = 8, Block = BlockType.X, Stride = 1, GroupWidth = 8, Bottleneck = 1 }],
            Head = new HeadSpec { Classes = 10 },
        };
        var complexity = NetworkComplexity.Measure(spec);
        var stores = Enumerable.Range(0, workers).Select(_ => open()).ToArray();
        try
        {
            stores[0].CreateSweep(
                new SweepDefinition { Name = name, Space = "claim-benchmark", Data = "none" },
                Enumerable.Range(0, trials).Select(i => new NewTrial(i, $"t{i}", spec, i, complexity)).ToArray());
            var claimTimes = new List<double>[workers];
            var completeTimes = new List<double>[workers];
            var claimed = new int[workers];
            var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
            var start = new Barrier(workers + 1);
            var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
            {
                claimTimes[w] = [];
                completeTimes[w] = [];
                string worker = $"{Environment.MachineName}/bench-{w}";
                var result = new TrainingResult { BestTop1Error = 0.5, FinalTop1Error = 0.5, TestTop1Error = 0.5, Epochs = 1 };
                EpochMetrics[] epochs = [new() { Epoch = 1, TrainLoss = 1 }];
                start.SignalAndWait();
                try
                {
                    while (true)
                    {
                        long t0 = Stopwatch.GetTimestamp();
                        var claim = stores[w].ClaimNext(name, worker, TimeSpan.FromMinutes(5), 3);
                        claimTimes[w].Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                        if (claim is null)
                        {
                            break;
                        }

                        t0 = Stopwatch.GetTimestamp();
                        if (!stores[w].Complete(claim.TrialId, worker, result, epochs))
                        {
                            throw new InvalidOperationException($"{worker} lost trial {claim.Index}");
                        }

                        completeTimes[w].Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                        claimed[w]++;
                    }
                }
                catch (Exception ex)
                {
                    errors.Enqueue(ex);
                }
            })).ToArray();
            foreach (var t in threads)
            {
                t.Start();
            }

            start.SignalAndWait();
            var clock = Stopwatch.StartNew();
            foreach (var t in threads)
            {
                t.Join();
            }

            double seconds = clock.Elapsed.TotalSeconds;
            if (!errors.IsEmpty)
            {
                throw new InvalidOperationException("claim benchmark failed: " + errors.First().Message, errors.First());
            }

            var counts = stores[0].CountTrials(name);
            if (counts.Completed != trials || claimed.Sum() != trials || stores[0].GetClaims(name).Count != trials)
            {
                throw new InvalidOperationException($"claim benchmark: {claimed.Sum()} claims for {trials} trials ({counts})");
            }

            return new ClaimBenchmarkResult(
                stores[0].Location,
                workers,
                trials,
                seconds,
                Analysis.Statistics.Median(claimTimes.SelectMany(x => x).ToArray()),
                Analysis.Statistics.Median(completeTimes.SelectMany(x => x).ToArray()));
        }
        finally
        {
            stores[0].DeleteSweep(name);
            foreach (var store in stores)
            {
                store.Dispose();
            }
        }
    }
}
