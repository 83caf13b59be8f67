using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using NetSpace.Sweeps;
using NetSpace.Training;
using NetSpace.Torch.Training;

namespace NetSpace.Cli.Commands;

/// <summary>
/// <c>netspace sweep worker</c> (hidden): the process <c>sweep run</c> starts W times. Claims, trains and
/// stores trials until the sweep is finished. SIGINT/SIGTERM, or the end of stdin with
/// <c>--watch-stdin</c> (the runner is gone), stop it after the current training step: the trial is
/// given back as pending. Exit codes: 0 finished, 3 stopped, 2 bad input (no store, no sweep, no data), 1 failure.
/// </summary>
internal static class SweepWorkerCommand
{
    /// <summary>Exit code of a worker that was stopped before the sweep was finished.</summary>
    public const int Stopped = 3;

    /// <summary>The <c>--runs DIR</c> option of <c>sweep run</c> and <c>sweep worker</c>.</summary>
    public static Option<string?> RunsOption() => new("--runs")
    {
        Description = "Keep each trial's run folder (checkpoints, weights) under DIR/SWEEP/TRIAL; an interrupted trial resumes from its checkpoint on this machine",
        HelpName = "DIR",
    };

    /// <summary>The hidden <c>worker</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "Sweep name" };
        var store = SweepStoreOption.Create();
        var threads = OptionFactory.Int("--threads", "T", "libtorch intra-op threads (0 = libtorch's default)", min: 0);
        var lease = OptionFactory.Double("--lease", "SECONDS", "Lease length");
        lease.DefaultValueFactory = _ => 60;
        var maxAttempts = OptionFactory.Int("--max-attempts", "N", "Fail a trial whose worker was lost, or whose training hit a native libtorch error, this many times", min: 1);
        maxAttempts.DefaultValueFactory = _ => 3;
        var watchStdin = new Option<bool>("--watch-stdin") { Description = "Stop when stdin ends (the parent runner is gone)" };
        var runs = RunsOption();
        var command = new Command("worker", "Claim and train trials of a sweep until none is left (started by 'sweep run')")
        {
            name, store, threads, lease, maxAttempts, watchStdin, runs,
        };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            double leaseSeconds = parse.GetValue(lease);
            if (leaseSeconds < 0.1)
            {
                throw new CliUsageException($"--lease: {leaseSeconds} must be ≥ 0.1 seconds");
            }

            using var stop = new CancellationTokenSource();
            void RequestStop()
            {
                try
                {
                    stop.Cancel();
                }
                catch (ObjectDisposedException)
                {
                }
            }

            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; RequestStop(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; RequestStop(); });
            if (parse.GetValue(watchStdin))
            {
                new Thread(() =>
                {
                    try
                    {
                        using var input = Console.OpenStandardInput();
                        var buffer = new byte[64];
                        while (input.Read(buffer) > 0)
                        {
                        }
                    }
                    catch (IOException)
                    {
                    }

                    RequestStop();
                })
                { IsBackground = true, Name = "parent watch" }.Start();
            }

            // Training notices a stop after its current step; evaluation or native code may take longer. Do not linger.
            using var deadline = stop.Token.Register(() => new Thread(() =>
            {
                Thread.Sleep(TimeSpan.FromSeconds(30));
                Environment.Exit(Stopped);
            })
            { IsBackground = true }.Start());

            var output = new Lock();
            void Log(string line)
            {
                lock (output)
                {
                    context.Out.WriteLine(line);
                    context.Out.Flush();
                }
            }

            using var trialStore = SweepStoreOption.Open(parse.GetValue(store)!, create: false, context.Error);
            var worker = new SweepWorker(trialStore, parse.GetValue(name)!, new TorchTrialTrainer(), new SweepWorkerOptions
            {
                Threads = parse.GetValue(threads),
                Lease = TimeSpan.FromSeconds(leaseSeconds),
                MaxAttempts = parse.GetValue(maxAttempts),
                Log = Log,
                RunsDirectory = parse.GetValue(runs) is { } folder ? Path.GetFullPath(folder) : null,
            });
            Log($"worker {worker.WorkerId} started");
            var report = SweepStoreOption.Guard(() => worker.Run(stop.Token));
            Log(string.Create(
                CultureInfo.InvariantCulture,
                $"worker {worker.WorkerId} {(report.Interrupted ? "stopped" : "finished")}: {report.Completed} completed, {report.Failed} failed, {report.Lost} lost, {report.Released} given back"));
            return report.Interrupted ? Stopped : CliApp.Success;
        });
        return command;
    }
}
