#!/usr/bin/python3
"""NetSpace vs PyTorch on this machine, measured alternately.

Each round runs `netspace bench train` and peer.py train, each measuring every layout × precision with
their steps alternating inside (precision bf16: NetSpace's --precision bf16 and PyTorch's bfloat16
autocast), in an order that flips every round; then, with --infer,
`netspace bench infer` and peer.py infer for each inference model. Prints every round and the
median ratios NetSpace / PyTorch (images/s; > 1 means NetSpace is faster). Load from other work on a
shared machine hits both sides of a round alike, so the ratios are steadier than the absolute numbers.

  /usr/bin/python3 bench/peer/compare.py --netspace src/NetSpace.Cli/bin/Release/net10.0/netspace \\
      --rounds 3 --steps 10 --infer
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PEER = os.path.join(HERE, "peer.py")
TRAIN_ARGS = ["--stem", "small", "--size", "28", "--channels", "1", "--classes", "10"]


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def spec_file(netspace, model, extra, folder):
    path = os.path.join(folder, f"{model}.json")
    with open(path, "w", encoding="utf-8") as f:
        f.write(subprocess.run([netspace, "models", "show", model, *extra, "--json"], check=True,
                               capture_output=True, text=True).stdout)
    return path


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--netspace", required=True, help="path of the netspace executable")
    p.add_argument("--model", default="regnetx-200mf")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--layouts", default="nhwc,nchw", help="training layouts, comma-separated (nhwc first: the ratios use it)")
    p.add_argument("--precisions", default="fp32,bf16", help="training precisions, comma-separated")
    p.add_argument("--no-train", action="store_true", help="skip the training rounds")
    p.add_argument("--infer", action="store_true", help="also inference at 224 px (regnetx-400mf, efficientnet-b0)")
    p.add_argument("--infer-models", default="regnetx-400mf,efficientnet-b0")
    p.add_argument("--infer-batch", type=int, default=64)
    p.add_argument("--reps", type=int, default=5)
    args = p.parse_args()

    folder = tempfile.mkdtemp(prefix="netspace-peer-")
    train_spec = spec_file(args.netspace, args.model, TRAIN_ARGS, folder)
    infer_specs = {m: spec_file(args.netspace, m, [], folder) for m in args.infer_models.split(",")} if args.infer else {}
    common = ["--batch", str(args.batch), "--threads", str(args.threads), "--steps", str(args.steps)]
    rows = []
    layouts = [x for x in args.layouts.split(",") if x]
    precisions = [x for x in args.precisions.split(",") if x]
    settings = [(l, p) for p in precisions for l in layouts]
    name = lambda s: f"{s[0]}/{s[1]}"
    for r in range(0 if args.no_train else args.rounds):
        ns_cmd = [args.netspace, "bench", "train", "--model", args.model, *TRAIN_ARGS, *common,
                  "--layout", ",".join(layouts), "--precision", ",".join(precisions), "--json"]
        pt_cmd = [sys.executable, PEER, "train", "--spec", train_spec, *common,
                  "--layout", ",".join(layouts), "--precision", ",".join(precisions)]
        order = [("ns", ns_cmd), ("pt", pt_cmd)] if r % 2 == 0 else [("pt", pt_cmd), ("ns", ns_cmd)]
        got = {who: run_json(cmd) for who, cmd in order}
        ns_runs = got["ns"].get("layouts", [got["ns"]])
        ns = {(x["layout"], x["precision"]): x for x in ns_runs}
        pt = {(x["layout"], x["precision"]): x for x in got["pt"]["runs"]}
        first = ns[settings[0]]
        row = {"ns": {s: ns[s]["images_per_second"] for s in settings}, "pt": {s: pt[s]["images_per_second"] for s in settings},
               "eff": {s: ns[s]["efficiency"] for s in settings}, "dense": first["dense_conv_gflops"]}
        rows.append(row)
        print(f"round {r + 1} train img/s: " + "; ".join(
            f"{name(s)} NetSpace {row['ns'][s]:.0f}, PyTorch {row['pt'][s]:.0f} ({row['ns'][s] / row['pt'][s]:.2f}×)" for s in settings)
            + f"; dense 3×3 conv {row['dense']:.1f} GFLOP/s", flush=True)
    med = lambda k: statistics.median(k(x) for x in rows)
    if rows:
        for s in settings:
            print(f"train median, {name(s)}: NetSpace / PyTorch same setting {med(lambda x: x['ns'][s] / x['pt'][s]):.2f}, "
                  f"/ PyTorch {name(settings[0])} {med(lambda x: x['ns'][s] / x['pt'][settings[0]]):.2f}; "
                  f"NetSpace efficiency {med(lambda x: x['eff'][s]):.1%}")

    for model, spec in infer_specs.items():
        ratios = []
        for r in range(args.rounds):
            ns_cmd = [args.netspace, "bench", "infer", "--models", model, "--batch", str(args.infer_batch),
                      "--threads", str(args.threads), "--reps", str(args.reps), "--no-optimisations", "--json"]
            pt_cmd = [sys.executable, PEER, "infer", "--spec", spec, "--batch", str(args.infer_batch),
                      "--threads", str(args.threads), "--reps", str(args.reps), "--layout", "nhwc", "--fold", "both"]
            order = [("ns", ns_cmd), ("pt", pt_cmd)] if r % 2 == 0 else [("pt", pt_cmd), ("ns", ns_cmd)]
            got = {name: run_json(cmd) for name, cmd in order}
            ns_ms = got["ns"]["models"][0]["timings"][0]["median_ms"]
            pt = {x["folded"]: x["median_ms"] for x in got["pt"]["runs"]}
            ratios.append((pt[False] / ns_ms, pt[True] / ns_ms))
            print(f"round {r + 1} {model} infer ms/batch {args.infer_batch}: NetSpace (BN folded, nhwc) {ns_ms:.0f}; "
                  f"PyTorch channels_last {pt[False]:.0f}, + conv-BN fused {pt[True]:.0f}", flush=True)
        print(f"{model} median speed ratios NetSpace / PyTorch channels_last: {statistics.median(r[0] for r in ratios):.2f} "
              f"(unfused), {statistics.median(r[1] for r in ratios):.2f} (conv-BN fused)")


if __name__ == "__main__":
    main()
