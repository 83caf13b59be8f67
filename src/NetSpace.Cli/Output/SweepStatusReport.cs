using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Cli.Commands;
using NetSpace.Sweeps;
using Spectre.Console;

namespace NetSpace.Cli.Output;

/// <summary>Text and JSON for <c>sweep create</c>, <c>status</c>, <c>list</c> and the lines of <c>sweep run</c>. Errors are shown as percentages, JSON keeps fractions.</summary>
internal static class SweepStatusReport
{
    private const int ShownTrials = 20;

    /// <summary>What <c>sweep create</c> stored.</summary>
    public static void WriteCreation(IAnsiConsole console, SweepCreation created, string location)
    {
        var sweep = created.Sweep;
        var s = created.Sampling;
        console.WriteLine($"sweep {sweep.Name} created in {location}: {created.Trials.Count} trials from {sweep.Space}");
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"data {DataText(sweep)}: specs re-targeted to {created.InputSize}×{created.InputSize}×{created.Channels}, {created.Classes} classes{(sweep.Stem is { } stem ? ", stem " + SpecReport.Name(stem) : string.Empty)}"));
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"sampling: {s.Samples.Count} accepted of {s.Draws:N0} draws ({s.AcceptanceRate:P1}); {s.RejectedByConstraints:N0} outside the windows ({sweep.Constraints.Describe()}), {s.Duplicates:N0} duplicates, {s.Invalid:N0} invalid, {s.RejectedBySpace:N0} rejected by the space"));
        var table = new Table().RoundedBorder();
        foreach (string column in new[] { "trial", "name", "depths", "widths", "flops", "params", "acts", "seed" })
        {
            table.AddColumn(new TableColumn(column) { Alignment = column is "name" or "depths" or "widths" ? Justify.Left : Justify.Right });
        }

        foreach (var t in created.Trials.Take(ShownTrials))
        {
            table.AddRow(
                t.Index.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(t.Name),
                string.Join(',', t.Spec.Stages.Select(x => x.Depth.ToString(CultureInfo.InvariantCulture))),
                string.Join(',', t.Spec.Stages.Select(x => x.Width.ToString(CultureInfo.InvariantCulture))),
                Units.Flops(t.Complexity.Flops),
                Units.Count(t.Complexity.Params),
                Units.Count(t.Complexity.Acts),
                t.Seed.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
        if (created.Trials.Count > ShownTrials)
        {
            console.WriteLine($"… and {created.Trials.Count - ShownTrials} more (netspace sweep export {sweep.Name}{NextStep.StoreOption(location)})");
        }

        console.WriteLine($"recipe: {RecipeText(sweep)}; sweep seed {sweep.Seed}");
        console.WriteLine($"next: netspace sweep run {sweep.Name}{NextStep.StoreOption(location)} --workers 2");
    }

    /// <summary>JSON for <c>sweep create --json</c>.</summary>
    public static JsonObject CreationJson(SweepCreation created)
    {
        var trials = new JsonArray();
        foreach (var t in created.Trials)
        {
            trials.Add(JsonReport.AddComplexity(new JsonObject { ["index"] = t.Index, ["name"] = t.Name, ["seed"] = t.Seed, ["spec"] = JsonReport.Spec(t.Spec) }, t.Complexity));
        }

        var json = SweepJson(created.Sweep);
        json["input_size"] = created.InputSize;
        json["channels"] = created.Channels;
        json["classes"] = created.Classes;
        json["draws"] = created.Sampling.Draws;
        json["acceptance_rate"] = created.Sampling.AcceptanceRate;
        json["rejected_by_constraints"] = created.Sampling.RejectedByConstraints;
        json["duplicates"] = created.Sampling.Duplicates;
        json["invalid"] = created.Sampling.Invalid;
        json["rejected_by_space"] = created.Sampling.RejectedBySpace;
        json["trials"] = trials;
        return json;
    }

    /// <summary>The status of a sweep as text.</summary>
    public static void WriteStatus(IAnsiConsole console, SweepSnapshot snapshot, IReadOnlyList<TrialRecord> failed)
    {
        var sweep = snapshot.Sweep;
        var c = snapshot.Counts;
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"sweep {sweep.Name} · space {sweep.Space} · {DataText(sweep)} · {RecipeText(sweep)} · seed {sweep.Seed} · created {sweep.CreatedAt:yyyy-MM-dd HH:mm:ss}Z"));
        if (sweep.Constraints.Flops is not null || sweep.Constraints.Params is not null || sweep.Constraints.Acts is not null)
        {
            console.WriteLine($"windows: {sweep.Constraints.Describe()}");
        }

        console.WriteLine($"{c.Total} trials: {c.Completed} completed, {c.Failed} failed, {c.Running} running, {c.Pending} pending");
        console.WriteLine(ResultsText(snapshot, includeEta: true));
        if (snapshot.Running.Count > 0)
        {
            var table = new Table().RoundedBorder().Title("running");
            foreach (string column in new[] { "trial", "name", "attempt", "running", "heartbeat", "lease left", "worker" })
            {
                table.AddColumn(new TableColumn(column) { Alignment = column is "name" or "worker" ? Justify.Left : Justify.Right });
            }

            foreach (var r in snapshot.Running)
            {
                table.AddRow(
                    r.Index.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(r.Name),
                    r.Attempt.ToString(CultureInfo.InvariantCulture),
                    Duration(r.RunningSeconds),
                    Duration(r.HeartbeatAgeSeconds) + " ago",
                    r.LeaseRemainingSeconds >= 0 ? Duration(r.LeaseRemainingSeconds) : "expired",
                    Markup.Escape(r.Worker));
            }

            console.Write(table);
        }

        if (snapshot.Hosts.Count > 0)
        {
            var hosts = new Table().RoundedBorder().Title("workers by host");
            foreach (string column in new[] { "host", "active", "seen", "completed", "failed", "lost", "last heartbeat" })
            {
                hosts.AddColumn(new TableColumn(column) { Alignment = column == "host" ? Justify.Left : Justify.Right });
            }

            foreach (var h in snapshot.Hosts)
            {
                hosts.AddRow(
                    Markup.Escape(h.Host),
                    Int(h.ActiveWorkers),
                    Int(h.WorkersSeen),
                    Int(h.Completed),
                    Int(h.Failed),
                    Int(h.Lost),
                    Duration(h.LastHeartbeatSecondsAgo) + " ago");
            }

            console.Write(hosts);
        }

        foreach (var t in failed)
        {
            console.WriteLine($"failed: {t.Name} (attempt {t.Attempts}): {t.Error}");
        }
    }

    /// <summary>JSON for <c>sweep status --json</c> and <c>sweep run --json</c>.</summary>
    public static JsonObject StatusJson(SweepSnapshot snapshot, IReadOnlyList<TrialRecord>? failed = null)
    {
        var json = SweepJson(snapshot.Sweep);
        var c = snapshot.Counts;
        json["counts"] = new JsonObject
        {
            ["total"] = c.Total,
            ["pending"] = c.Pending,
            ["running"] = c.Running,
            ["completed"] = c.Completed,
            ["failed"] = c.Failed,
        };
        json["best_trial"] = snapshot.Best?.Name;
        json["best_top1_error"] = snapshot.Best?.Result?.BestTop1Error;
        json["median_top1_error"] = snapshot.MedianTop1Error;
        json["mean_trial_seconds"] = snapshot.MeanTrialSeconds;
        json["eta_seconds"] = snapshot.EstimateRemainingSeconds();
        var running = new JsonArray();
        foreach (var r in snapshot.Running)
        {
            running.Add(new JsonObject
            {
                ["index"] = r.Index,
                ["name"] = r.Name,
                ["attempt"] = r.Attempt,
                ["worker"] = r.Worker,
                ["running_seconds"] = Math.Round(r.RunningSeconds, 3),
                ["heartbeat_age_seconds"] = Math.Round(r.HeartbeatAgeSeconds, 3),
                ["lease_remaining_seconds"] = Math.Round(r.LeaseRemainingSeconds, 3),
            });
        }

        json["running"] = running;
        var hostRows = new JsonArray();
        foreach (var h in snapshot.Hosts)
        {
            hostRows.Add(new JsonObject
            {
                ["host"] = h.Host,
                ["active_workers"] = h.ActiveWorkers,
                ["workers_seen"] = h.WorkersSeen,
                ["completed"] = h.Completed,
                ["failed"] = h.Failed,
                ["lost"] = h.Lost,
                ["last_heartbeat_seconds_ago"] = Math.Round(h.LastHeartbeatSecondsAgo, 3),
            });
        }

        json["hosts"] = hostRows;
        if (failed is not null)
        {
            var list = new JsonArray();
            foreach (var t in failed)
            {
                list.Add(new JsonObject { ["index"] = t.Index, ["name"] = t.Name, ["attempts"] = t.Attempts, ["error"] = t.Error });
            }

            json["failed"] = list;
        }

        return json;
    }

    /// <summary>The sweeps of a store as a table.</summary>
    public static void WriteList(IAnsiConsole console, IReadOnlyList<SweepOverview> sweeps, string location)
    {
        if (sweeps.Count == 0)
        {
            console.WriteLine($"no sweeps in {location} (create one with: netspace sweep create NAME --space SPACE --samples N{NextStep.StoreOption(location)})");
            return;
        }

        var table = new Table().RoundedBorder();
        foreach (string column in new[] { "name", "space", "data", "epochs", "trials", "completed", "failed", "running", "pending", "best err", "created" })
        {
            table.AddColumn(new TableColumn(column) { Alignment = column is "name" or "space" or "data" or "created" ? Justify.Left : Justify.Right });
        }

        foreach (var o in sweeps)
        {
            var s = o.Sweep;
            var c = o.Counts;
            table.AddRow(
                Markup.Escape(s.Name),
                Markup.Escape(s.Space),
                Markup.Escape(DataText(s)),
                Int(s.Recipe.Epochs),
                Int(c.Total),
                Int(c.Completed),
                Int(c.Failed),
                Int(c.Running),
                Int(c.Pending),
                o.BestTop1Error is double e ? Percent(e) : "-",
                string.Create(CultureInfo.InvariantCulture, $"{s.CreatedAt:yyyy-MM-dd HH:mm}Z"));
        }

        console.Write(table);
        console.WriteLine($"{sweeps.Count} sweep{(sweeps.Count == 1 ? string.Empty : "s")} in {location}; errors are best top-1 errors of completed trials");
    }

    /// <summary>JSON for <c>sweep list --json</c>.</summary>
    public static JsonArray ListJson(IReadOnlyList<SweepOverview> sweeps)
    {
        var array = new JsonArray();
        foreach (var o in sweeps)
        {
            var json = SweepJson(o.Sweep);
            json["counts"] = new JsonObject
            {
                ["total"] = o.Counts.Total,
                ["pending"] = o.Counts.Pending,
                ["running"] = o.Counts.Running,
                ["completed"] = o.Counts.Completed,
                ["failed"] = o.Counts.Failed,
            };
            json["best_top1_error"] = o.BestTop1Error;
            array.Add(json);
        }

        return array;
    }

    /// <summary>One progress line: <c>[0:12] tiny: 5/16 finished (1 failed), 2 running, 9 pending · best 23.40% · ETA 0:25</c>.</summary>
    public static string ProgressLine(SweepSnapshot snapshot, TimeSpan elapsed, int workers)
    {
        var c = snapshot.Counts;
        string best = snapshot.Best?.Result is { } r ? $" · best {Percent(r.BestTop1Error)}" : string.Empty;
        string eta = snapshot.EstimateRemainingSeconds(workers) is double s && c.Unfinished > 0 ? $" · ETA {Duration(s)}" : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"[{Duration(elapsed.TotalSeconds)}] {snapshot.Sweep.Name}: {c.Finished}/{c.Total} finished ({c.Failed} failed), {c.Running} running, {c.Pending} pending{best}{eta}");
    }

    /// <summary>The closing line of <c>sweep run</c>.</summary>
    public static string FinishedLine(SweepSnapshot snapshot, TimeSpan? elapsed)
    {
        var c = snapshot.Counts;
        string took = elapsed is { } e ? $" in {Duration(e.TotalSeconds)}" : string.Empty;
        return $"sweep {snapshot.Sweep.Name} finished{took}: {c.Completed} completed, {c.Failed} failed of {c.Total} trials · {ResultsText(snapshot, includeEta: false)}";
    }

    /// <summary>Seconds as <c>m:ss</c> or <c>h:mm:ss</c>.</summary>
    public static string Duration(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, Math.Round(seconds)));
        return t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}");
    }

    private static string ResultsText(SweepSnapshot snapshot, bool includeEta)
    {
        var parts = new List<string>();
        if (snapshot.Best is { Result: { } best } trial)
        {
            parts.Add($"best top-1 error {Percent(best.BestTop1Error)} ({trial.Name}, {best.SelectionSplit})");
            parts.Add($"median {Percent(snapshot.MedianTop1Error!.Value)}");
        }
        else
        {
            parts.Add("no completed trial yet");
        }

        if (snapshot.MeanTrialSeconds is double mean)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{mean:0.0} s per trial"));
        }

        if (includeEta && snapshot.Counts.Unfinished > 0)
        {
            parts.Add(snapshot.EstimateRemainingSeconds() is double eta ? $"ETA {Duration(eta)}" : "ETA unknown");
        }

        return string.Join(" · ", parts);
    }

    private static JsonObject SweepJson(SweepDefinition sweep) => new()
    {
        ["name"] = sweep.Name,
        ["space"] = sweep.Space,
        ["data"] = sweep.Data,
        ["subset"] = sweep.Subset,
        ["val_split"] = sweep.ValSplit,
        ["seed"] = sweep.Seed,
        ["samples"] = sweep.Samples,
        ["epochs"] = sweep.Recipe.Epochs,
        ["created"] = sweep.CreatedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["constraints"] = sweep.Constraints.Describe(),
    };

    private static string DataText(SweepDefinition sweep)
    {
        var extra = new List<string>();
        if (sweep.Subset is int n)
        {
            extra.Add(string.Create(CultureInfo.InvariantCulture, $"subset {n}"));
        }

        if (sweep.ValSplit > 0)
        {
            extra.Add(string.Create(CultureInfo.InvariantCulture, $"val split {sweep.ValSplit:0.###}"));
        }

        return extra.Count == 0 ? sweep.Data : $"{sweep.Data} ({string.Join(", ", extra)})";
    }

    private static string RecipeText(SweepDefinition sweep)
    {
        var r = sweep.Recipe;
        return string.Create(CultureInfo.InvariantCulture, $"{r.Epochs} epoch{(r.Epochs == 1 ? string.Empty : "s")}, batch {r.BatchSize}, lr {r.PeakLr:0.####}");
    }

    private static string Percent(double fraction) => fraction.ToString("P2", CultureInfo.InvariantCulture);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
