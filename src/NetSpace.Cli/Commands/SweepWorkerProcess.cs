using System.Diagnostics;
using System.Globalization;
using NetSpace.Sweeps;

namespace NetSpace.Cli.Commands;

/// <summary>
/// One <c>netspace sweep worker</c> child process started by <c>sweep run</c>. Its stdin is a pipe
/// from the runner: when the runner goes away (even by SIGKILL) the pipe closes and the worker gives
/// its trial back and exits. Output is drained (a full pipe would block the worker); the last
/// lines of stderr are kept to explain a crash.
/// </summary>
internal sealed class SweepWorkerProcess : IDisposable
{
    private const int KeptErrorLines = 5;
    private readonly Process process;
    private readonly Queue<string> errors = new();
    private readonly Lock gate = new();

    private SweepWorkerProcess(int number, Process process)
    {
        Number = number;
        this.process = process;
    }

    /// <summary>1-based worker number in this run.</summary>
    public int Number { get; }

    /// <summary>Process id.</summary>
    public int ProcessId => process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Exit code (after exit).</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>The last lines the worker wrote to stderr, joined.</summary>
    public string LastErrors
    {
        get
        {
            lock (gate)
            {
                return string.Join(" | ", errors);
            }
        }
    }

    /// <summary>
    /// How to start this program again: the apphost or single-file executable directly; under
    /// <c>dotnet netspace.dll</c> (or a test host) the process is <c>dotnet</c>, so the CLI assembly
    /// goes first.
    /// </summary>
    public static (string FileName, IReadOnlyList<string> Prefix) SelfCommand()
    {
        string exe = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which executable is running (Environment.ProcessPath is null)");
        string assembly = typeof(SweepWorkerProcess).Assembly.Location; // empty in a single-file executable
        bool viaDotnetHost = string.Equals(Path.GetFileNameWithoutExtension(exe), "dotnet", StringComparison.OrdinalIgnoreCase);
        if (viaDotnetHost)
        {
            if (string.IsNullOrEmpty(assembly))
            {
                throw new InvalidOperationException("running under the dotnet host but the netspace assembly's path is unknown");
            }

            return (exe, [assembly]);
        }

        return (exe, []);
    }

    /// <summary>
    /// Starts worker <paramref name="number"/> with the given <c>sweep worker</c> arguments and thread count on
    /// <paramref name="store"/>, which it receives in <c>NETSPACE_STORE</c>: a server URL may hold a password, and a
    /// command line is visible to every user of the machine.
    /// </summary>
    public static SweepWorkerProcess Start(int number, IEnumerable<string> workerArguments, int threads, string store)
    {
        var (fileName, prefix) = SelfCommand();
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in prefix.Concat(workerArguments))
        {
            info.ArgumentList.Add(arg);
        }

        // libtorch's OpenMP pool is sized at start-up: give each worker only its share of the cores.
        string t = threads.ToString(CultureInfo.InvariantCulture);
        info.Environment["OMP_NUM_THREADS"] = t;
        info.Environment["MKL_NUM_THREADS"] = t;
        info.Environment[TrialStores.EnvironmentVariable] = store;

        // OpenMP threads that spin while waiting collapse when the cores are shared (other workers, other jobs):
        // a tiny model trained 4–9× slower with 2 spinning threads next to one busy process, measured here.
        // Passive waiting costs little when the cores are free; an explicit setting in the environment wins.
        info.Environment.TryAdd("OMP_WAIT_POLICY", "PASSIVE");
        var process = new Process { StartInfo = info };
        var worker = new SweepWorkerProcess(number, process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                lock (worker.gate)
                {
                    worker.errors.Enqueue(e.Data.Trim());
                    while (worker.errors.Count > KeptErrorLines)
                    {
                        worker.errors.Dequeue();
                    }
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Asks the worker to stop: closes its stdin; it gives its trial back and exits.</summary>
    public void RequestStop()
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to end.</summary>
    public bool WaitForExit(TimeSpan timeout) => process.WaitForExit(timeout);

    /// <summary>Kills the worker (its trial comes back when the next worker sees it is dead, or its lease expires).</summary>
    public void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }

    /// <inheritdoc />
    public void Dispose() => process.Dispose();
}
