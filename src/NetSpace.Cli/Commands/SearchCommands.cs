using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
using NetSpace.DesignSpaces;
using NetSpace.Reports;
using NetSpace.Search;
using NetSpace.Torch.Search;
using NetSpace.Serialization;
using NetSpace.Specs;
using NetSpace.Training;
using NetSpace.Torch.Training;
using NetSpace.Training.MultiTask;
using NetSpace.Torch.Training.MultiTask;
using Spectre.Console;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace search space show|run|derive|random|spec|score</c>: FBNetV5-style multi-task architecture search in one run.</summary>
internal static class SearchCommands
{
    /// <summary>The <c>search</c> command group.</summary>
    public static Command Create(CliContext context) => new("search", "Multi-task architecture search in one run (FBNetV5): one supernet, one policy per task")
    {
        new Command("space", "Inspect search spaces") { Show(context) },
        Run(context),
        Derive(context),
        RandomArchitectures(context),
        HandWritten(context),
        Score(context),
    };

    private static Command Show(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "Search-space JSON (e.g. docs/search/fbnet-mt-64.json)" };
        var json = OptionFactory.Json("the decisions, size and FLOPs ranges");
        var command = new Command("show", "Print a search space's decisions, its number of architectures and the FLOPs range per task") { file, json };
        command.SetAction(parse =>
        {
            var space = SearchSpaceFile.Read(parse.GetValue(file)!);
            if (parse.GetValue(json))
            {
                var ranges = new JsonObject();
                foreach (var t in VisionTasks.All)
                {
                    var (min, max) = space.FlopsRange(t);
                    ranges[t.Name()] = new JsonObject { ["min"] = min, ["max"] = max };
                }

                JsonReport.Write(context.Out, new JsonObject
                {
                    ["name"] = space.Spec.Name,
                    ["architectures"] = space.Count.ToString(CultureInfo.InvariantCulture),
                    ["decisions"] = new JsonArray(space.Decisions.Select(d => (JsonNode)new JsonObject
                    {
                        ["name"] = d.Name,
                        ["choices"] = new JsonArray(d.Choices.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
                    }).ToArray()),
                    ["flops"] = ranges,
                });
                return CliApp.Success;
            }

            var table = new Table().AddColumn("decision").AddColumn("choices");
            foreach (var d in space.Decisions)
            {
                table.AddRow(Markup.Escape(d.Name), Markup.Escape(string.Join(" ", d.Choices)));
            }

            context.Console.Write(table);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{space.Spec.Name}: {space.Decisions.Count} decisions, {space.Count:N0} architectures ({Math.Round(System.Numerics.BigInteger.Log10(space.Count), 1)} decades), {space.Levels} feature levels"));
            foreach (var t in VisionTasks.All)
            {
                var (min, max) = space.FlopsRange(t);
                context.Out.WriteLine($"  {t.Name()}: {Units.Flops(min)} … {Units.Flops(max)} (backbone + fusion + {t.Name()} head)");
            }

            return CliApp.Success;
        });
        return command;
    }

    private static Command Run(CliContext context)
    {
        var spaceFile = new Option<string?>("--space") { Description = "Search-space JSON", HelpName = "FILE" };
        var tasks = new Option<string>("--tasks") { Description = "Tasks to search for, comma-separated", HelpName = "TASKS", DefaultValueFactory = _ => "cls,det,seg" };
        var flops = new Option<string?>("--flops") { Description = "FLOPs target per task, e.g. cls=20M,det=25M,seg=25M (default: the middle of each task's range)", HelpName = "T=F,…" };
        var warmup = OptionFactory.Int("--warmup", "E", "Epochs of weight warm-up with uniformly sampled architectures before the policies learn", min: 0);
        warmup.DefaultValueFactory = _ => 1;
        var policyLr = OptionFactory.OptionalDouble("--policy-lr", "LR", "Step size of the policy logits (default 0.1)");
        var penalty = OptionFactory.OptionalDouble("--flops-penalty", "L", "Reward penalty per unit of relative FLOPs excess (default 2)");
        var baseline = new Option<string>("--reward-baseline")
        {
            Description = "paired: each step compares its architecture with a second one on the same held-out batch (batch difficulty cancels); moving-average: one architecture per step against the running mean reward",
            HelpName = "paired|moving-average",
            DefaultValueFactory = _ => "paired",
        };
        baseline.AcceptOnlyFromAmong("paired", "moving-average");
        var seed = OptionFactory.Int("--seed", "S", "Seed of weights, data order and architecture sampling");
        seed.DefaultValueFactory = _ => 0;
        var threads = OptionFactory.OptionalInt("--threads", "T", "libtorch intra-op threads", min: 1);
        var output = new Option<string?>("--out") { Description = "Run folder: search.json, policies.jsonl, checkpoint, derived/TASK.json, result.json, report.html", HelpName = "DIR" };
        var resume = new Option<string?>("--resume") { Description = "Continue the interrupted search in DIR", HelpName = "DIR" };
        var json = OptionFactory.Json("result.json");
        var recipeOptions = new RecipeOptions();
        var command = new Command("run", "Train one weight-sharing supernet with one architecture distribution per task; write each task's most likely architecture as a spec")
        {
            spaceFile, tasks, flops, warmup, policyLr, penalty, baseline, seed, threads, output, resume, json,
        };
        recipeOptions.AddTo(command);
        command.SetAction(parse =>
        {
            SearchJob job;
            string? outDir;
            bool isResume = parse.GetValue(resume) is not null;
            if (parse.GetValue(resume) is { } dir)
            {
                string jobFile = Path.Combine(dir, SearchTrainer.JobFile);
                if (!File.Exists(jobFile))
                {
                    throw new CliUsageException($"{dir}: not a search folder ({SearchTrainer.JobFile} expected)");
                }

                if (File.Exists(Path.Combine(dir, SearchTrainer.ResultFile)))
                {
                    throw new CliUsageException($"{dir}: the search has already finished (result.json exists)");
                }

                job = RunFolder.ReadJson<SearchJob>(jobFile);
                outDir = dir;
            }
            else
            {
                string file = parse.GetValue(spaceFile) ?? throw new CliUsageException("give the search space with --space FILE (or --resume DIR)");
                var spaceSpec = SearchSpaceFile.Read(file).Spec;
                var space = new SearchSpace(spaceSpec);
                IReadOnlyList<VisionTask> taskList;
                try
                {
                    taskList = VisionTasks.Parse(parse.GetValue(tasks)!);
                }
                catch (FormatException ex)
                {
                    throw new CliUsageException($"--tasks: {ex.Message}");
                }

                var recipe = recipeOptions.Recipe(parse);
                var dataArg = recipeOptions.Data(parse);
                if (!MultiTaskTrainOptions.IsMultiTask(dataArg))
                {
                    throw new CliUsageException("--data: the search needs a multi-task scene set, multitask:DIR (make one with 'netspace data multitask')");
                }

                double valSplit = recipeOptions.ValSplit(parse);
                job = new SearchJob
                {
                    Space = spaceSpec,
                    Tasks = taskList,
                    FlopsTargets = Targets(parse.GetValue(flops), space, taskList),
                    Recipe = recipe,
                    WarmupEpochs = parse.GetValue(warmup),
                    Policy = new ReinforceOptions { LearningRate = parse.GetValue(policyLr) ?? 0.1, PairedBaseline = parse.GetValue(baseline) == "paired" },
                    FlopsPenalty = parse.GetValue(penalty) ?? 2,
                    Data = dataArg,
                    ValSplit = valSplit > 0 ? valSplit : 0.2,
                    Subset = recipeOptions.Subset(parse),
                    Seed = parse.GetValue(seed),
                    Threads = parse.GetValue(threads) ?? 0,
                };
                outDir = parse.GetValue(output);
            }

            try
            {
                job.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(ex.Message);
            }

            var searchSpace = new SearchSpace(job.Space);
            var set = MultiTaskStore.Load(MultiTaskTrainOptions.Directory(job.Data));
            var data = MultiTaskData.Prepare(new MultiTaskJob { Seed = job.Seed, ValSplit = job.ValSplit, Subset = job.Subset }, set.Train, set.Test);
            bool quiet = parse.GetValue(json);
            var log = quiet ? context.Error : context.Out;
            log.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"searching {searchSpace.Spec.Name} ({searchSpace.Count:N0} architectures) for {string.Join(",", job.Tasks.Select(t => $"{t.Name()}≤{Units.Flops(job.Target(t))}"))} on {job.Data}: {data.Train.Count} weight / {data.Validation!.Count} policy scenes, {Words.Count(job.Recipe.Epochs, "epoch")} ({job.WarmupEpochs} warm-up), batch {job.Recipe.BatchSize}, seed {job.Seed}"));
            var trainer = new SearchTrainer(searchSpace, job, data, outDir);
            var result = Interruptible.Run(context, outDir is null ? null : $"netspace search run --resume {outDir}", token => trainer.Run(isResume, new Reporter(p =>
                {
                    if (p.Finished is { } snapshots)
                    {
                        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}/{p.Epochs}  loss {p.Loss:0.000}  ") + string.Join("  ", snapshots.Select(s => string.Create(
                            CultureInfo.InvariantCulture,
                            $"{s.Task.Name()}: loss {s.TrainLoss:0.000}{(s.HeldOutLoss is { } h ? $"/{h:0.000}" : string.Empty)}{(s.HeldOutLossStd is { } sd ? $" ±{sd:0.000}" : string.Empty)} H {s.Entropy:0.0} E[F] {Units.Flops((long)s.ExpectedFlops)}"))));
                        log.Flush();
                    }
                }), token));
            if (result is null)
            {
                return CliApp.Failure;
            }

            if (outDir is not null)
            {
                SearchReport.Write(outDir, searchSpace, job, SearchTrainer.ReadHistory(outDir), result);
            }

            if (quiet)
            {
                context.Out.WriteLine(SpecJson.Serialize(result));
            }
            else
            {
                var table = new Table().AddColumn("task").AddColumn(new TableColumn("FLOPs").RightAligned()).AddColumn(new TableColumn("target").RightAligned()).AddColumn(new TableColumn("p").RightAligned()).AddColumn("architecture");
                foreach (var d in result.Derived)
                {
                    table.AddRow(d.Task.Name(), Units.Flops(d.Flops), Units.Flops(d.Target), d.Probability.ToString("0.###", CultureInfo.InvariantCulture), Markup.Escape(string.Join(" ", d.Labels)));
                }

                context.Console.Write(table);
                foreach (var r in result.RewardSpread)
                {
                    context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reward spread {r.Task.Name()}: held-out loss {r.MeanLoss:0.000}, between {r.Architectures} architectures ±{r.BetweenArchitectures:0.0000}, batch noise ±{r.BatchNoise:0.0000}, paired noise ±{r.PairedNoise:0.0000} (signal/noise {r.SignalToBatchNoise:0.00} unpaired, {r.SignalToPairedNoise:0.00} paired)"));
                }

                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Status} in {result.Seconds:0.0} s ({result.Steps} steps){(outDir is null ? string.Empty : $"; specs in {Path.Combine(Path.GetFullPath(outDir), SearchTrainer.DerivedFolder)}, report {Path.Combine(Path.GetFullPath(outDir), "report.html")}")}"));
            }

            return result.Status == RunStatus.Completed ? CliApp.Success : CliApp.Failure;
        });
        return command;
    }

    private static Command Derive(CliContext context)
    {
        var run = new Argument<string>("RUN") { Description = "Search folder (finished, or interrupted: its last epoch's policies)" };
        var task = new Option<string>("--task") { Description = "Task whose policy to derive from (cls, det or seg)", HelpName = "T", Required = true };
        var top = OptionFactory.Int("--top", "K", "The K most likely architectures (exact, best first)", min: 1);
        top.DefaultValueFactory = _ => 1;
        var output = new Option<string?>("--out") { Description = "Write the specs as DIR/TASK-1.json …", HelpName = "DIR" };
        var json = OptionFactory.Json("the architectures");
        var command = new Command("derive", "Re-derive a task's architectures from a search's final policy") { run, task, top, output, json };
        command.SetAction(parse =>
        {
            string dir = parse.GetValue(run)!;
            string jobFile = Path.Combine(dir, SearchTrainer.JobFile);
            if (!File.Exists(jobFile))
            {
                throw new CliUsageException($"{dir}: not a search folder ({SearchTrainer.JobFile} expected)");
            }

            var job = RunFolder.ReadJson<SearchJob>(jobFile);
            var space = new SearchSpace(job.Space);
            VisionTask t;
            try
            {
                t = VisionTasks.ParseOne(parse.GetValue(task)!);
            }
            catch (FormatException ex)
            {
                throw new CliUsageException($"--task: {ex.Message}");
            }

            var snapshot = SearchTrainer.ReadHistory(dir).LastOrDefault(s => s.Task == t)
                ?? throw new CliUsageException($"{dir}: no policy for task {t.Name()} yet (searched: {string.Join(",", job.Tasks.Select(x => x.Name()))}; at least one epoch must have finished)");
            var best = TopArchitectures.Find(snapshot.Probabilities, parse.GetValue(top));
            var derived = best.Select(a => SearchTrainer.Describe(space, job, snapshot, a)).ToArray();
            if (parse.GetValue(output) is { } outDir)
            {
                Directory.CreateDirectory(outDir);
                for (int i = 0; i < derived.Length; i++)
                {
                    var spec = space.Derive(derived[i].Choices, $"{space.Spec.Name}-{t.Name()}-{i + 1}");
                    AtomicFile.WriteAllText(Path.Combine(outDir, $"{t.Name()}-{i + 1}.json"), SpecJson.Serialize(spec) + "\n");
                }
            }

            if (parse.GetValue(json))
            {
                context.Out.WriteLine(SpecJson.Serialize(derived));
                return CliApp.Success;
            }

            var table = new Table().AddColumn("#").AddColumn(new TableColumn("p").RightAligned()).AddColumn(new TableColumn("FLOPs").RightAligned()).AddColumn("architecture");
            for (int i = 0; i < derived.Length; i++)
            {
                table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), derived[i].Probability.ToString("0.####", CultureInfo.InvariantCulture), Units.Flops(derived[i].Flops), Markup.Escape(string.Join(" ", derived[i].Labels)));
            }

            context.Console.Write(table);
            context.Out.WriteLine($"{t.Name()} policy after epoch {snapshot.Epoch}; target {Units.Flops(job.Target(t))}");
            return CliApp.Success;
        });
        return command;
    }

    private static Command RandomArchitectures(CliContext context)
    {
        var spaceFile = new Option<string>("--space") { Description = "Search-space JSON", HelpName = "FILE", Required = true };
        var task = new Option<string>("--task") { Description = "Task whose head counts in the FLOPs", HelpName = "T", Required = true };
        var flops = new Option<string>("--flops") { Description = "FLOPs to match, e.g. 25M", HelpName = "F", Required = true };
        var tolerance = OptionFactory.Double("--tolerance", "F", "Relative FLOPs tolerance");
        tolerance.DefaultValueFactory = _ => 0.1;
        var count = OptionFactory.Int("--count", "N", "Architectures to draw", min: 1);
        count.DefaultValueFactory = _ => 3;
        var seed = OptionFactory.Int("--seed", "S", "Seed");
        seed.DefaultValueFactory = _ => 0;
        var output = new Option<string>("--out") { Description = "Write DIR/random-1.json … and DIR/architectures.txt (their choices, one 'NAME: LABELS' line each)", HelpName = "DIR", Required = true };
        var command = new Command("random", "Draw uniformly random architectures of the space whose FLOPs match a target (the baseline a search must beat)")
        {
            spaceFile, task, flops, tolerance, count, seed, output,
        };
        command.SetAction(parse =>
        {
            var space = SearchSpaceFile.Read(parse.GetValue(spaceFile)!);
            VisionTask t;
            long target;
            try
            {
                t = VisionTasks.ParseOne(parse.GetValue(task)!);
                target = ComplexityWindow.ParseAmount(parse.GetValue(flops)!);
            }
            catch (FormatException ex)
            {
                throw new CliUsageException(ex.Message);
            }

            double tol = parse.GetValue(tolerance);
            var found = MatchedFlopsSampler.Draw(space, t, target, tol, parse.GetValue(count), parse.GetValue(seed));
            if (found.Count < parse.GetValue(count))
            {
                var (min, max) = space.FlopsRange(t);
                throw new CliUsageException($"--flops: found {found.Count} of {parse.GetValue(count)} architectures within ±{tol:P0} of {Units.Flops(target)} in {MatchedFlopsSampler.MaxDraws:N0} draws ({t.Name()} range {Units.Flops(min)} … {Units.Flops(max)})");
            }

            string outDir = parse.GetValue(output)!;
            Directory.CreateDirectory(outDir);
            var lines = new List<string>();
            for (int i = 0; i < found.Count; i++)
            {
                var spec = space.Derive(found[i], $"{space.Spec.Name}-random-{i + 1}");
                string file = Path.Combine(outDir, $"random-{i + 1}.json");
                AtomicFile.WriteAllText(file, SpecJson.Serialize(spec) + "\n");
                context.Out.WriteLine($"{file}: {Units.Flops(space.Flops(found[i], t))}  {ArchitectureText.Format(space, found[i])}");
                lines.Add($"random-{i + 1}: {ArchitectureText.Format(space, found[i])}");
            }

            // The choices themselves (a spec does not say which block positions were skipped), as 'search score --archs' reads them.
            AtomicFile.WriteAllText(Path.Combine(outDir, ArchitecturesFile), string.Join("\n", lines) + "\n");

            return CliApp.Success;
        });
        return command;
    }

    private static Command HandWritten(CliContext context)
    {
        var spaceFile = new Option<string>("--space") { Description = "Search-space JSON", HelpName = "FILE", Required = true };
        var arch = new Option<string>("--arch")
        {
            Description = "One choice per decision in order (as 'search random' prints), or NAME=LABEL assignments with NAME a decision (s2.b1) or a group (blocks, first, fusion), e.g. \"blocks=k3e6 first=k3e1 fusion=keep\"",
            HelpName = "ARCH",
            Required = true,
        };
        var name = new Option<string?>("--name") { Description = "Name of the spec (default: the space's name + '-custom')", HelpName = "NAME" };
        var output = new Option<string>("--out") { Description = "Spec JSON file to write", HelpName = "FILE", Required = true };
        var command = new Command("spec", "Write the spec of an architecture given by hand (e.g. a MobileNetV2-style baseline expressed in the space), with its FLOPs per task")
        {
            spaceFile, arch, name, output,
        };
        command.SetAction(parse =>
        {
            var space = SearchSpaceFile.Read(parse.GetValue(spaceFile)!);
            int[] choices;
            try
            {
                choices = ArchitectureText.Parse(space, parse.GetValue(arch)!);
            }
            catch (FormatException ex)
            {
                throw new CliUsageException($"--arch: {ex.Message}", ex);
            }

            var spec = space.Derive(choices, parse.GetValue(name) ?? $"{space.Spec.Name}-custom");
            string file = parse.GetValue(output)!;
            AtomicFile.WriteAllText(file, SpecJson.Serialize(spec) + "\n");
            context.Out.WriteLine($"{file}: {ArchitectureText.Format(space, choices)}");
            context.Out.WriteLine("  " + string.Join(", ", Enum.GetValues<VisionTask>().Select(t => $"{t.Name()} {Units.Flops(space.Flops(choices, t))}")));
            return CliApp.Success;
        });
        return command;
    }

    /// <summary>File of <c>search random</c>'s choices, one <c>NAME: LABELS</c> line per architecture.</summary>
    public const string ArchitecturesFile = "architectures.txt";

    private static Command Score(CliContext context)
    {
        var run = new Argument<string>("RUN") { Description = "Finished search folder (its supernet weights, its held-out split)" };
        var arch = new Option<string[]>("--arch")
        {
            Description = "An architecture to score, [NAME:] then one choice per decision or NAME=LABEL assignments (as in 'search spec'); repeatable",
            HelpName = "ARCH",
            AllowMultipleArgumentsPerToken = false,
        };
        var archs = new Option<string[]>("--archs") { Description = "File of 'NAME: ARCH' lines (e.g. the architectures.txt of 'search random'); repeatable", HelpName = "FILE" };
        var batches = OptionFactory.Int("--batches", "N", "Held-out batches every architecture is evaluated on (the same for all)", min: 1);
        batches.DefaultValueFactory = _ => 32;
        var data = new Option<string?>("--data") { Description = "The search's scene set at another path (multitask:DIR; default: the one search.json names)", HelpName = "SOURCE" };
        var threads = OptionFactory.OptionalInt("--threads", "T", "libtorch intra-op threads", min: 1);
        var json = OptionFactory.Json("the scores");
        var command = new Command("score", "Score architectures with a finished search's shared weights: each task's held-out loss (the reward) on the same batches, with ranks; rows are the search's derived architectures, then every --arch, then every --archs line")
        {
            run, arch, archs, batches, data, threads, json,
        };
        command.SetAction(parse =>
        {
            string dir = parse.GetValue(run)!;
            var search = FinishedSearch.Open(dir);
            var (job, space) = (search.Job, search.Space);
            var list = search.Result.Derived.Select(d => new ScoredArchitecture($"searched-{d.Task.Name()}", d.Choices)).ToList();
            void Add(string text, string where)
            {
                int colon = text.IndexOf(':', StringComparison.Ordinal);
                string name = colon > 0 ? text[..colon].Trim() : $"arch-{list.Count + 1}";
                try
                {
                    list.Add(new ScoredArchitecture(name, ArchitectureText.Parse(space, colon > 0 ? text[(colon + 1)..] : text)));
                }
                catch (FormatException ex)
                {
                    throw new CliUsageException($"{where}: {name}: {ex.Message}", ex);
                }
            }

            foreach (string text in parse.GetValue(arch) ?? [])
            {
                Add(text, "--arch");
            }

            foreach (string file in parse.GetValue(archs) ?? [])
            {
                if (!File.Exists(file))
                {
                    throw new CliUsageException($"--archs: {file} does not exist");
                }

                var lines = File.ReadAllLines(file);
                for (int i = 0; i < lines.Length; i++)
                {
                    if (lines[i].Trim() is { Length: > 0 } line && !line.StartsWith('#'))
                    {
                        Add(line, $"{file}:{i + 1}");
                    }
                }
            }

            var duplicate = list.GroupBy(a => a.Name).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new CliUsageException($"two architectures are named '{duplicate.Key}'; give each its own NAME:");
            }

            string? dataArg = parse.GetValue(data);
            if (dataArg is not null && !MultiTaskTrainOptions.IsMultiTask(dataArg))
            {
                throw new CliUsageException("--data: the search's scene set, multitask:DIR");
            }

            var scores = SupernetScoring.Score(search, list, parse.GetValue(batches), parse.GetValue(threads) ?? 0, dataArg);
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(SpecJson.Serialize(scores));
                return CliApp.Success;
            }

            bool exposure = scores.Architectures.Any(a => a.Exposure is not null);
            var table = new Table().AddColumn("architecture");
            if (exposure)
            {
                table.AddColumn(new TableColumn("exposure").RightAligned());
            }

            foreach (var t in job.Tasks)
            {
                table.AddColumn(new TableColumn($"{t.Name()} FLOPs").RightAligned()).AddColumn(new TableColumn($"{t.Name()} loss (rank)").RightAligned());
            }

            foreach (var a in scores.Architectures)
            {
                var cells = new List<string> { Markup.Escape(a.Name) };
                if (exposure)
                {
                    cells.Add(a.Exposure is double e ? e.ToString("0", CultureInfo.InvariantCulture) : "–");
                }

                foreach (var s in a.Scores)
                {
                    cells.Add(Units.Flops(a.Flops[s.Task.Name()]));
                    cells.Add(string.Create(CultureInfo.InvariantCulture, $"{s.Loss:0.0000} ±{s.StdError:0.0000} ({s.Rank:0.#})"));
                }

                table.AddRow(cells.ToArray());
            }

            context.Console.Write(table);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"held-out loss on the same {scores.Batches} batches ({scores.Scenes} scenes) of {dir}'s policy split; ± is the standard error over batches; rank 1 = lowest loss"));
            foreach (var r in scores.Spread)
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"spread {r.Task.Name()}: between these architectures ±{r.BetweenArchitectures:0.0000}, paired noise per batch ±{r.PairedNoise:0.0000} (signal/noise {r.SignalToPairedNoise:0.00})"));
            }

            if (exposure)
            {
                context.Out.WriteLine("exposure: training steps of the architecture's block modules in the search (mean over its kept blocks)");
            }

            foreach (var c in scores.ExposureCorrelations)
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Task.Name()}: Spearman ρ(exposure, loss) = {c.Spearman:0.00} over {c.Architectures} distinct architectures{(c.Spearman <= -0.5 ? " (the more a path was trained, the better it scores)" : string.Empty)}"));
            }

            return CliApp.Success;
        });
        return command;
    }

    private static IReadOnlyDictionary<string, long> Targets(string? text, SearchSpace space, IReadOnlyList<VisionTask> tasks)
    {
        var targets = new Dictionary<string, long>();
        foreach (var t in tasks)
        {
            var (min, max) = space.FlopsRange(t);
            targets[t.Name()] = (min + max) / 2;
        }

        if (text is null)
        {
            return targets;
        }

        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            try
            {
                if (eq < 0)
                {
                    throw new FormatException($"'{part}' is not TASK=FLOPS (e.g. det=25M)");
                }

                var task = VisionTasks.ParseOne(part[..eq]);
                if (!tasks.Contains(task))
                {
                    throw new FormatException($"'{part}': task {task.Name()} is not searched (--tasks)");
                }

                targets[task.Name()] = ComplexityWindow.ParseAmount(part[(eq + 1)..]);
            }
            catch (FormatException ex)
            {
                throw new CliUsageException($"--flops: {ex.Message}");
            }
        }

        return targets;
    }

    private sealed class Reporter(Action<SearchProgress> action) : IProgress<SearchProgress>
    {
        public void Report(SearchProgress value) => action(value);
    }
}
