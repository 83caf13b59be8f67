using System.CommandLine;
using System.CommandLine.Invocation;
using NetSpace.Cli.Commands;
using NetSpace.Cli.Output;
using NetSpace.Serialization;
using NetSpace.Specs;
using NetSpace.Zoo;

namespace NetSpace.Cli;

/// <summary>
/// The <c>netspace</c> command: builds the command tree, runs it against the given writers and maps
/// failures to exit codes (0 success, 2 usage or input error, 1 unexpected failure).
/// </summary>
public static class CliApp
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Success = 0;

    /// <summary>Exit code of an unexpected runtime failure.</summary>
    public const int Failure = 1;

    /// <summary>Exit code of a usage error, bad input file, unknown model or invalid parameter.</summary>
    public const int UsageError = 2;

    /// <summary>
    /// Runs the command line in-process. Results go to <paramref name="stdout"/>, errors (one line
    /// starting with <c>error: </c>) to <paramref name="stderr"/>. Colours are used only when
    /// <paramref name="stdout"/> is the process's own, non-redirected console.
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        bool plain = !ReferenceEquals(stdout, Console.Out) || Console.IsOutputRedirected;
        var context = new CliContext(stdout, stderr, ConsoleFactory.Create(stdout, plain));
        var root = BuildRootCommand(context);

        try
        {
            ParseResult parse = root.Parse(args);
            if (parse.Action is ParseErrorAction)
            {
                // All parse errors on one line, e.g. "error: Option '--wa' is required; Option '--g' is required (see ...)".
                string messages = string.Join("; ", parse.Errors.Select(ParseErrorText.Describe));
                stderr.WriteLine($"error: {messages} (see '{CommandPath(parse)} --help')");
                return UsageError;
            }

            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception ex) when (IsUsageError(ex))
        {
            stderr.WriteLine($"error: {OneLine(ex.Message)}");
            return UsageError;
        }
        catch (Exception ex)
        {
            stderr.WriteLine($"error: unexpected failure: {ex.GetType().Name}: {OneLine(ex.Message)}");
            if (Environment.GetEnvironmentVariable("NETSPACE_DEBUG") is "1" or "true")
            {
                stderr.WriteLine(ex.ToString());
            }

            return Failure;
        }
        finally
        {
            stdout.Flush();
        }
    }

    /// <summary>The command tree (exposed for help-text tests).</summary>
    internal static RootCommand BuildRootCommand(CliContext context)
    {
        var root = new RootCommand("NetSpace: network design spaces (RegNet, pycls) and multi-task architecture search (FBNetV5) on TorchSharp. Every network is a JSON spec: browse the zoo, measure flops/params/activations, train, sample design spaces into sweeps and compare them (analyze), search one architecture per task (search), benchmark. Start with: netspace quickstart")
        {
            ModelsCommands.Create(context),
            SpecCommand.Create(context),
            ComplexityCommand.Create(context),
            TrainCommand.Create(context),
            EvalCommand.Create(context),
            new Command("export", "Write networks for other runtimes and libraries: ONNX graphs, PyTorch weights") { ExportOnnxCommand.Create(context), ExportWeightsCommand.Create(context) },
            new Command("import", "Bring networks from other libraries into NetSpace") { ImportWeightsCommand.Create(context) },
            PredictCommand.Create(context),
            SpaceCommands.Create(context),
            BenchCommands.Create(context),
            SweepCommands.Create(context),
            AnalyzeCommand.Create(context),
            FitCommand.Create(context),
            DataCommands.Create(context),
            SearchCommands.Create(context),
            StudyCommands.Create(context),
            QuickstartCommand.Create(context),
        };
        return root;
    }

    internal static bool IsUsageError(Exception ex) => ex is CliUsageException
        or SpecFormatException
        or SpecValidationException
        or UnknownModelException
        or DesignSpaces.SamplingException
        or DesignSpaces.UnknownDesignSpaceException
        or Data.DataFormatException
        or Data.DatasetNotFoundException
        or Data.InvalidDataSourceException
        or Data.MultiTask.MultiTaskFormatException
        or Metrics.CocoFormatException
        or InvalidDataException
        or FileNotFoundException
        or DirectoryNotFoundException
        or UnauthorizedAccessException
        or Interop.PyTorch.WeightMappingException
        or Interop.PyTorch.PyTorchFormatException
        or Torch.Interop.LogitCheckException
        or Interop.Onnx.OnnxExportException
        or Training.RunFolderConflictException
        or Studies.StudyFileException
        or Studies.StudyConflictException; // other IOExceptions (a full disk, a lost mount) are runtime failures: exit 1

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Parent is null ? "netspace" : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
