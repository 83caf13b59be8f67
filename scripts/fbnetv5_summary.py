#!/usr/bin/env python3
"""Summarise scripts/fbnetv5-study.sh's results.tsv into results.json (standard library only).

Per task: the metric's name; mean, sample std and n of the 3-task search's architecture over seeds, of the single-task
search's, of the random architectures (every architecture x seed), and of each baseline; the 95% interval of
searched - random paired by seed (for each seed, the searched run minus the mean of that seed's random runs; a
Student-t interval over the seeds: it covers seed noise for these random architectures); a hierarchical bootstrap
interval of the same difference that also resamples the random architectures (so it asks about random
architectures of that FLOPs in general, not these few; percentile interval of 10,000 draws, seed 0); and the FLOPs
of each model.
"""
import csv
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


def main(tsv):
    rows = list(csv.DictReader(open(tsv), delimiter="\t"))
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
        out[task] = entry
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
