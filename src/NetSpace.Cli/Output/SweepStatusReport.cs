using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Cli.Commands;
using NetSpace.Sweeps;
using Spectre.Console;

namespace NetSpace.Cli.Output;

/// <summary>Text and JSON for <c>sweep status</c> and the lines of <c>sweep run</c>, and the formatting the create and list reports share. Errors are shown as percentages, JSON keeps fractions.</summary>
internal static class SweepStatusReport
{
    internal const int ShownTrials = 20;

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

    internal static string ResultsText(SweepSnapshot snapshot, bool includeEta)
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

    internal static JsonObject SweepJson(SweepDefinition sweep) => new()
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

    internal static string DataText(SweepDefinition sweep)
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

    internal static string RecipeText(SweepDefinition sweep)
    {
        var r = sweep.Recipe;
        return string.Create(CultureInfo.InvariantCulture, $"{r.Epochs} epoch{(r.Epochs == 1 ? string.Empty : "s")}, batch {r.BatchSize}, lr {r.PeakLr:0.####}");
    }

    internal static string Percent(double fraction) => fraction.ToString("P2", CultureInfo.InvariantCulture);

    internal static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
