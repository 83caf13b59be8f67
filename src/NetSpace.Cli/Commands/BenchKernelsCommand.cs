using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Torch;

namespace NetSpace.Cli.Commands;

/// <summary>
/// <c>netspace bench kernels</c>: whether libtorch's convolution kernels compute correct results on this machine at each
/// oneDNN instruction-set level (<see cref="KernelCheck"/>), each level checked in a child process; the best correct
/// level is what every netspace process uses here (remembered in <see cref="KernelCheck.DefaultCacheFile"/>).
/// </summary>
internal static class BenchKernelsCommand
{
    /// <summary>The <c>kernels</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var here = new Option<bool>("--here") { Description = "Check this process only, at the level it was started with (exit code 1 when a convolution is wrong)" };
        var json = OptionFactory.Json("the result");
        var command = new Command("kernels", "Checks libtorch's convolution kernels against a direct computation at oneDNN's instruction-set levels (DNNL_MAX_CPU_ISA), best first until one is correct, and shows the level netspace uses on this machine")
        {
            here, json,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(here))
            {
                var failures = KernelCheck.Run();
                if (parse.GetValue(json))
                {
                    JsonReport.Write(context.Out, new JsonObject
                    {
                        ["level"] = Environment.GetEnvironmentVariable(KernelCheck.IsaVariable) ?? KernelCheck.Levels[0],
                        ["failures"] = new JsonArray(failures.Select(f => (JsonNode)JsonValue.Create(f)).ToArray()),
                    });
                }
                else
                {
                    foreach (string failure in failures)
                    {
                        context.Out.WriteLine(failure);
                    }

                    context.Out.WriteLine(failures.Count == 0 ? "every convolution checked is correct" : $"{failures.Count} convolutions are wrong");
                }

                return failures.Count == 0 ? CliApp.Success : CliApp.Failure;
            }

            var levels = new List<(string Level, IReadOnlyList<string>? Failures)>();
            foreach (string level in KernelCheck.Levels)
            {
                context.Error.WriteLine($"checking {level} …");
                var failures = Probe.At(level);
                levels.Add((level, failures));
                if (failures is { Count: 0 })
                {
                    break; // the lower levels are slower and need no check
                }
            }

            string use = levels.FirstOrDefault(l => l.Failures is { Count: 0 }).Level ?? KernelCheck.Levels[^1];
            KernelCheck.Remember(KernelCheck.DefaultCacheFile, KernelCheck.MachineKey(), use);
            if (parse.GetValue(json))
            {
                JsonReport.Write(context.Out, new JsonObject
                {
                    ["levels"] = new JsonArray(levels.Select(l => (JsonNode)new JsonObject
                    {
                        ["level"] = l.Level,
                        ["wrong"] = l.Failures?.Count,
                        ["examples"] = l.Failures is null ? null : new JsonArray(l.Failures.Take(3).Select(f => (JsonNode)JsonValue.Create(f)).ToArray()),
                    }).ToArray()),
                    ["use"] = use,
                });
                return CliApp.Success;
            }

            foreach (var (level, failures) in levels)
            {
                string verdict = failures is null ? "could not be checked" : failures.Count == 0 ? "correct" : string.Create(CultureInfo.InvariantCulture, $"{failures.Count} wrong, e.g. {failures[0]}");
                context.Out.WriteLine($"{level,-12} {verdict}");
            }

            context.Out.WriteLine($"netspace uses {use} on this machine{(use == KernelCheck.Levels[0] ? string.Empty : $" ({KernelCheck.IsaVariable}={use}; set {KernelCheck.IsaVariable}=ALL to override)")}");
            return CliApp.Success;
        });
        return command;
    }

    /// <summary>Runs <c>netspace bench kernels --here</c> in child processes.</summary>
    internal static class Probe
    {
        /// <summary>Whether <paramref name="args"/> is a <c>bench kernels</c> invocation (which must not be capped itself).</summary>
        public static bool IsKernelCheck(string[] args) => args.Length >= 2 && args[0] == "bench" && args[1] == "kernels";

        /// <summary>Whether every convolution is correct at <paramref name="level"/> (false when it could not be checked).</summary>
        public static bool PassesAt(string level) => At(level) is { Count: 0 };

        /// <summary>The wrong convolutions at <paramref name="level"/>, or null when the child failed to report.</summary>
        public static IReadOnlyList<string>? At(string level)
        {
            string? path = Environment.ProcessPath;
            if (path is null)
            {
                return null;
            }

            var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(path) == "dotnet" && Assembly.GetEntryAssembly()?.Location is { Length: > 0 } entry)
            {
                start.ArgumentList.Add(entry);
            }

            foreach (string arg in new[] { "bench", "kernels", "--here", "--json" })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment[KernelCheck.IsaVariable] = level;
            try
            {
                using var process = Process.Start(start)!;
                var output = process.StandardOutput.ReadToEndAsync();
                _ = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(180_000))
                {
                    process.Kill(entireProcessTree: true);
                    return null;
                }

                var node = JsonNode.Parse(output.Result);
                return node?["failures"]?.AsArray().Select(f => f!.GetValue<string>()).ToArray();
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or JsonException or InvalidOperationException or IOException)
            {
                return null;
            }
        }
    }
}
