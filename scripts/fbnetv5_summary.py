#!/usr/bin/env python3
"""Summarise scripts/fbnetv5-study.sh's results.tsv into results.json (standard library only).

Per task: the metric's name; mean, sample std and n of the 3-task search's architecture over seeds, of the single-task
search's, of the random architectures (every architecture x seed), and of each baseline; the 95% interval of
searched - random paired by seed (for each seed, the searched run minus the mean of that seed's random runs; a
Student-t interval over the seeds: it covers seed noise for these random architectures); a hierarchical bootstrap
interval of the same difference that also resamples the random architectures (so it asks about random
architectures of that FLOPs in general, not these few; percentile interval of 10,000 draws, seed 0); and the FLOPs
of each model. When search3-scores.json (scripts/fbnetv5-scores.sh) lies next to the .tsv, each task also gets the
Spearman rank correlation between the 3-task supernet's reward (minus the held-out loss) and the retrained metric's
seed mean over the architectures in the space (+1: the supernet ranks them as retraining does).

Next to the tasks, "cost" compares the two ways to an architecture per task, in seconds as measured in the study
(one thread, shared cores): the 3-task search plus retraining its three architectures (mean over seeds) against the
three single-task searches plus retraining theirs. Search times come from search3/ and search-TASK/ result.json.
"""
import csv
import os
import json
import math
import random
import sys

T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228]
METRICS = {"cls": "test top-1 accuracy", "det": "test box AP@[.50:.95]", "seg": "test mean IoU"}


def summary(values):
    n = len(values)
    mean = sum(values) / n
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else 0.0
    return {"mean": mean, "std": std, "n": n}


def interval(differences):
    n = len(differences)
    s = summary(differences)
    if n < 2:
        return None
    t = T975[n - 2] if n - 1 <= len(T975) else 1.96 + 2.4 / (n - 1)
    half = t * s["std"] / math.sqrt(n)
    return [s["mean"] - half, s["mean"] + half]


def bootstrap(searched, random_by_arch, draws=10000, seed=0):
    """Percentile 95% interval of mean(searched) - mean over random architectures of their seed means, resampling
    the searched runs, the random architectures, and each drawn architecture's runs."""
    if len(searched) < 2 or len(random_by_arch) < 2:
        return None
    rng = random.Random(seed)
    archs = list(random_by_arch.values())
    stats = []
    for _ in range(draws):
        s = sum(rng.choice(searched) for _ in searched) / len(searched)
        picked = [rng.choice(archs) for _ in archs]
        r = sum(sum(rng.choice(runs) for _ in runs) / len(runs) for runs in picked) / len(picked)
        stats.append(s - r)
    stats.sort()
    return [stats[int(0.025 * draws)], stats[int(0.975 * draws) - 1]]


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            out[order[k]] = (start + end) / 2 + 1
        start = end + 1
    return out


def pearson(xs, ys):
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else None


def supernet_ranking(task, rows, scores):
    """Spearman rho between the supernet's reward (-held-out loss) and the retrained metric's seed mean."""
    names = {"searched-3task": f"searched-{task}", "single-task": f"{task}/single-task", "mnv2-style": "mnv2-style"}
    loss = {}
    for a in scores["architectures"]:
        for sc in a["scores"]:
            if sc["task"] == task:
                loss[a["name"]] = sc["loss"]
    models = {}
    for model in sorted({r["model"] for r in rows}):
        key = names.get(model, f"{task}/{model}")
        if key in loss:
            runs = [float(r["metric"]) for r in rows if r["model"] == model]
            models[model] = {"supernet_loss": loss[key], "retrained_mean": sum(runs) / len(runs), "runs": len(runs)}
    if len(models) < 3:
        return None
    order = sorted(models)
    rho = pearson(ranks([-models[m]["supernet_loss"] for m in order]), ranks([models[m]["retrained_mean"] for m in order]))
    return {"spearman": rho, "n": len(models), "batches": scores["batches"], "models": models}


def cost(folder, rows):
    def search_seconds(name):
        path = os.path.join(folder, name, "result.json")
        return json.load(open(path)).get("seconds") if os.path.exists(path) else None

    tasks = [t for t in METRICS if any(r["task"] == t for r in rows)]
    searches = {"3-task": search_seconds("search3"), **{t: search_seconds(f"search-{t}") for t in tasks}}
    retrain = {}
    for task in tasks:
        for model in ("searched-3task", "single-task"):
            times = [float(r["train_seconds"]) for r in rows if r["task"] == task and r["model"] == model and r.get("train_seconds")]
            if times:
                retrain.setdefault(task, {})[model] = sum(times) / len(times)
    out = {"search_seconds": searches, "retrain_seconds_mean": retrain}
    complete = all(v is not None for v in searches.values()) and len(tasks) == 3 and all(len(retrain.get(t, {})) == 2 for t in tasks)
    if complete:
        one = searches["3-task"] + sum(retrain[t]["searched-3task"] for t in tasks)
        three = sum(searches[t] for t in tasks) + sum(retrain[t]["single-task"] for t in tasks)
        out.update({"three_task_path_seconds": one, "single_task_paths_seconds": three, "ratio": one / three,
                    "search_ratio": searches["3-task"] / sum(searches[t] for t in tasks)})
    return out


def main(tsv):
    rows = list(csv.DictReader(open(tsv), delimiter="\t"))
    scores_file = os.path.join(os.path.dirname(os.path.abspath(tsv)), "search3-scores.json")
    scores = json.load(open(scores_file)) if os.path.exists(scores_file) else None
    out = {}
    for task in sorted({r["task"] for r in rows}, key=list(METRICS).index):
        mine = [r for r in rows if r["task"] == task]
        by = lambda group: [r for r in mine if r["group"] == group]
        values = lambda rs: [float(r["metric"]) for r in rs]
        searched = by("searched")
        random_runs = by("random")
        entry = {"metric": METRICS[task]}
        if searched:
            entry["searched"] = summary(values(searched))
        if by("single"):
            entry["single_task_search"] = summary(values(by("single")))
        if random_runs:
            entry["random"] = summary(values(random_runs))
            entry["random"]["architectures"] = len({r["model"] for r in random_runs})
        entry["baselines"] = {name: summary(values([r for r in by("baseline") if r["model"] == name]))
                              for name in sorted({r["model"] for r in by("baseline")})}
        seeds = sorted({r["seed"] for r in searched} & {r["seed"] for r in random_runs})
        diffs = []
        for seed in seeds:
            rand = [float(r["metric"]) for r in random_runs if r["seed"] == seed]
            diffs += [float(r["metric"]) - sum(rand) / len(rand) for r in searched if r["seed"] == seed]
        if diffs:
            entry["difference"] = summary(diffs)
            entry["difference_ci"] = interval(diffs)
            by_arch = {}
            for r in random_runs:
                by_arch.setdefault(r["model"], []).append(float(r["metric"]))
            entry["difference_ci_bootstrap"] = bootstrap(values(searched), by_arch)
        entry["flops"] = {r["model"]: int(float(r["flops"])) for r in mine}
        if scores is not None and (ranking := supernet_ranking(task, mine, scores)) is not None:
            entry["supernet_ranking"] = ranking
        out[task] = entry
    if (c := cost(os.path.dirname(os.path.abspath(tsv)), rows)) is not None:
        out["cost"] = c
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
