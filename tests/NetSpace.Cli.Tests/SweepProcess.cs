using System.Diagnostics;
using System.Text;
using NetSpace.Cli.Commands;

namespace NetSpace.Tests;

/// <summary>The netspace command as a separate process (<c>dotnet netspace.dll …</c>), for tests that kill it or run two at once.</summary>
internal sealed class SweepProcess : IDisposable
{
    private readonly StringBuilder output = new();
    private readonly StringBuilder errors = new();

    private SweepProcess(Process process)
    {
        Process = process;
    }

    public Process Process { get; }

    public string Out
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public string Err
    {
        get
        {
            lock (errors)
            {
                return errors.ToString();
            }
        }
    }

    public static SweepProcess Start(params string[] args)
    {
        var (fileName, prefix) = SweepWorkerProcess.SelfCommand();
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in prefix.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        var started = new SweepProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            lock (started.output)
            {
                started.output.AppendLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (started.errors)
            {
                started.errors.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits for the exit (failing the test after <paramref name="timeout"/>) and returns the exit code.</summary>
    public int Wait(TimeSpan timeout)
    {
        if (!Process.WaitForExit(timeout))
        {
            Process.Kill(entireProcessTree: true);
            Assert.Fail($"netspace did not finish within {timeout}; stdout: {Out}; stderr: {Err}");
        }

        Process.WaitForExit(); // drain the output
        return Process.ExitCode;
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }
}
