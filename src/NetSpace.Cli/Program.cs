using NetSpace.Cli;
using NetSpace.Cli.Commands;
using NetSpace.Torch;

// Before libtorch starts: cap oneDNN's instruction set where its convolution kernels are wrong on this CPU
// (KernelCheck; checked once per machine in child processes, then remembered).
if (!BenchKernelsCommand.Probe.IsKernelCheck(args))
{
    string? warning = KernelCheck.Configure(BenchKernelsCommand.Probe.PassesAt, KernelCheck.DefaultCacheFile, () => Console.Error.WriteLine("checking libtorch's convolution kernels on this CPU (once) …"));
    if (warning is not null)
    {
        Console.Error.WriteLine($"warning: {warning}");
    }
}

return CliApp.Run(args, Console.Out, Console.Error);
