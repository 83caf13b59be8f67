using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Data;
using NetSpace.Serialization;
using NetSpace.Studies;
using NetSpace.Sweeps;
using NetSpace.Torch.Training;
using NetSpace.Training;

namespace NetSpace.Cli.Commands;

/// <summary>
/// <c>netspace study run|status|report FILE</c>: a whole design-space study from one file (<see cref="StudyFile"/>),
/// every step a sweep in the trial store, so the study resumes where it stopped and machines sharing a PostgreSQL
/// store share its steps.
/// </summary>
internal static class StudyCommands
{
    /// <summary>The <c>study</c> command group.</summary>
    public static Command Create(CliContext context) =>
        new("study", "Run a whole design-space study from one file: populations, comparison, refinement, successive-halving promotion, final seeds")
        {
            RunCommand(context),
            StatusCommand(context),
            ReportCommand(context),
        };

    private static Argument<string> FileArgument() => new("FILE") { Description = "Study file (*.study.json)" };

    private static Option<string?> StoreOption() => new("--store")
    {
        Description = "Trial store: an SQLite file or postgres://user@host:port/db (default: $NETSPACE_STORE, else study.db next to the study file)",
        HelpName = "PATH|URL",
    };

    private static Option<string?> WorkOption() => new("--work")
    {
        Description = "Folder for refined spaces and run folders (default: the study file's folder)",
        HelpName = "DIR",
    };

    private static (StudyFile Study, string Store, string Work) Open(ParseResult parse, Argument<string> file, Option<string?> store, Option<string?> work)
    {
        string path = parse.GetValue(file)!;
        var study = StudyFiles.Load(path);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string location = parse.GetValue(store)
            ?? (Environment.GetEnvironmentVariable(TrialStores.EnvironmentVariable) is { Length: > 0 } env ? env : Path.Combine(folder, "study.db"));
        return (study, SweepStoreOption.Guard(() => TrialStores.Normalize(location)), parse.GetValue(work) ?? folder);
    }

    private static Command RunCommand(CliContext context)
    {
        var file = FileArgument();
        var store = StoreOption();
        var work = WorkOption();
        var workers = OptionFactory.Int("--workers", "W", "Worker processes per step (each trains one trial at a time)", min: 1);
        workers.DefaultValueFactory = _ => 1;
        var threads = OptionFactory.OptionalInt("--threads-per-worker", "T", "libtorch threads per worker (default: cores / workers)", min: 1);
        var lease = OptionFactory.Double("--lease", "SECONDS", "Lease length: a trial whose worker stops renewing it for this long is trained again");
        lease.DefaultValueFactory = _ => 60;
        var command = new Command("run", "Run every unfinished step of the study in order; safe to interrupt and run again, or to run on several machines at once with one PostgreSQL store")
        {
            file, store, work, workers, threads, lease,
        };
        command.SetAction(parse =>
        {
            var (study, location, folder) = Open(parse, file, store, work);
            int workerCount = parse.GetValue(workers);
            var settings = new SweepRunner.Settings(workerCount, parse.GetValue(threads) ?? Math.Max(1, Environment.ProcessorCount / workerCount), parse.GetValue(lease));
            using var trialStore = SweepStoreOption.Open(location, create: true, context.Error);
            var engine = new CliStudyEngine(context, trialStore, location, settings);
            var runner = new StudyRunner(trialStore, study, engine, folder, line => context.Out.WriteLine(line));
            context.Out.WriteLine($"study {study.Name}: store {trialStore.Location}, work folder {folder}");
            IReadOnlyList<StudyStepStatus> steps;
            try
            {
                steps = SweepStoreOption.Guard(runner.Run);
            }
            catch (StudyStepException ex)
            {
                context.Error.WriteLine($"error: {ex.Message}");
                context.Error.WriteLine($"continue with: netspace study run {NextStep.Quote(parse.GetValue(file)!)}{StoreSuffix(parse, store)}");
                return CliApp.Failure;
            }

            WriteSteps(context.Out, steps);
            context.Out.WriteLine($"study {study.Name} finished; report: netspace study report {NextStep.Quote(parse.GetValue(file)!)}{StoreSuffix(parse, store)}");
            return CliApp.Success;
        });
        return command;
    }

    private static Command StatusCommand(CliContext context)
    {
        var file = FileArgument();
        var store = StoreOption();
        var work = WorkOption();
        var json = OptionFactory.Json("the steps");
        var command = new Command("status", "Show where every step of the study stands (read from the trial store; nothing is trained)")
        {
            file, store, work, json,
        };
        command.SetAction(parse =>
        {
            var (study, location, folder) = Open(parse, file, store, work);
            if (!PostgresLocation.IsPostgres(location) && !File.Exists(location))
            {
                context.Out.WriteLine($"study {study.Name} has not started (no trial store at {location}); start it with: netspace study run {NextStep.Quote(parse.GetValue(file)!)}{StoreSuffix(parse, store)}");
                return CliApp.Success;
            }

            using var trialStore = SweepStoreOption.Open(location, create: false, context.Error);
            var steps = SweepStoreOption.Guard(() => new StudyRunner(trialStore, study, engine: null, folder).Status());
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(steps, SpecJson.Options));
                return CliApp.Success;
            }

            context.Out.WriteLine($"study {study.Name} (store {trialStore.Location})");
            WriteSteps(context.Out, steps);
            if (steps.FirstOrDefault(s => s.State != StudyStepState.Done) is { } next)
            {
                context.Out.WriteLine($"next: {next.Step} ({next.State.ToString().ToLowerInvariant()}); run: netspace study run {NextStep.Quote(parse.GetValue(file)!)}{StoreSuffix(parse, store)}");
            }

            return CliApp.Success;
        });
        return command;
    }

    private static Command ReportCommand(CliContext context)
    {
        var file = FileArgument();
        var store = StoreOption();
        var work = WorkOption();
        var output = new Option<string?>("--out") { Description = "Report folder (default: WORK/report)", HelpName = "DIR" };
        var json = OptionFactory.Json("the report");
        var command = new Command("report", "Write the study's report: steps, populations compared (EDFs, KS, conclusion), promotion ladder, rank stability, final table over seeds, cost in core-hours")
        {
            file, store, work, output, json,
        };
        command.SetAction(parse =>
        {
            var (study, location, folder) = Open(parse, file, store, work);
            using var trialStore = SweepStoreOption.Open(location, create: false, context.Error);
            string studyFolder = Path.GetDirectoryName(Path.GetFullPath(parse.GetValue(file)!))!;
            var report = SweepStoreOption.Guard(() => StudyReport.Build(trialStore, study, studyFolder));
            string directory = parse.GetValue(output) ?? Path.Combine(folder, "report");
            OutputFolderGuard.RequireNewOrOwn(directory, "--out", "study report", "report.md", "study-report.json");
            string path = StudyReportWriter.Write(trialStore, study, report, directory, runsDirectory: Path.Combine(folder, "runs"));
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(report, SpecJson.Options));
                return CliApp.Success;
            }

            WriteSteps(context.Out, report.Steps);
            foreach (var model in report.Final)
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"final {model.Name}: test accuracy {model.TestAccuracy.Format(100)} %, {model.Flops / 1e6:0.0}M flops, {model.Params / 1e6:0.00}M params"));
            }

            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cost so far: {report.CoreHoursText} core-hours"));
            context.Out.WriteLine($"wrote {path}");
            return CliApp.Success;
        });
        return command;
    }

    private static void WriteSteps(TextWriter output, IReadOnlyList<StudyStepStatus> steps)
    {
        foreach (var s in steps)
        {
            string counts = s.Counts is { } c ? string.Create(CultureInfo.InvariantCulture, $"{c.Completed}/{c.Total} completed{(c.Failed > 0 ? $", {c.Failed} failed" : string.Empty)}") : string.Empty;
            string best = s.BestError is double e ? string.Create(CultureInfo.InvariantCulture, $", best error {e:P2}") : string.Empty;
            output.WriteLine($"  {s.State.ToString().ToLowerInvariant(),-10} {s.Step,-28} {s.Sweep,-28} {counts}{best}");
        }
    }

    private static string StoreSuffix(ParseResult parse, Option<string?> store) =>
        parse.GetValue(store) is { } s ? NextStep.StoreOption(s) : string.Empty;

    /// <summary>The CLI's engine: TorchSharp's data shapes, and each step's sweep trained by worker processes as <c>sweep run</c> does.</summary>
    private sealed class CliStudyEngine(CliContext context, ITrialStore store, string location, SweepRunner.Settings settings) : IStudyEngine
    {
        public DataShape ShapeOf(string data, TrainingRecipe recipe, long seed) => TorchTrialTrainer.ShapeOf(data, recipe, seed);

        public void Train(string sweep, bool keepRuns, string runsDirectory)
        {
            var these = keepRuns ? settings with { RunsDirectory = runsDirectory } : settings;
            int code = SweepRunner.Train(context, store, location, sweep, these, context.Out, allowBar: true);
            if (code != CliApp.Success)
            {
                throw new StudyStepException($"sweep {sweep} did not finish (see the error above)");
            }
        }
    }
}
