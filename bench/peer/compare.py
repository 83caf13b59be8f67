#!/usr/bin/python3
"""NetSpace vs PyTorch on this machine, measured alternately.

Each round runs `netspace bench train` (both layouts, steps alternating inside) and peer.py train (both
layouts, steps alternating inside), in an order that flips every round; then, with --infer,
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
    for r in range(0 if args.no_train else args.rounds):
        ns_cmd = [args.netspace, "bench", "train", "--model", args.model, *TRAIN_ARGS, *common, "--layout", "nhwc,nchw", "--json"]
        pt_cmd = [sys.executable, PEER, "train", "--spec", train_spec, *common, "--layout", "nchw,nhwc"]
        order = [("ns", ns_cmd), ("pt", pt_cmd)] if r % 2 == 0 else [("pt", pt_cmd), ("ns", ns_cmd)]
        got = {name: run_json(cmd) for name, cmd in order}
        ns = {x["layout"]: x for x in got["ns"]["layouts"]}
        pt = {x["layout"]: x for x in got["pt"]["runs"]}
        row = {
            "ns_nhwc": ns["nhwc"]["images_per_second"], "ns_nchw": ns["nchw"]["images_per_second"],
            "pt_nhwc": pt["nhwc"]["images_per_second"], "pt_nchw": pt["nchw"]["images_per_second"],
            "efficiency": ns["nhwc"]["efficiency"], "dense": ns["nhwc"]["dense_conv_gflops"],
            "dense_nchw": ns["nhwc"]["dense_conv_nchw_gflops"],
            "opt_ms": ns["nhwc"]["optimizer_milliseconds"], "step_ms": ns["nhwc"]["step_milliseconds"],
        }
        rows.append(row)
        print(f"round {r + 1} train img/s: NetSpace nhwc {row['ns_nhwc']:.0f}, nchw {row['ns_nchw']:.0f}; "
              f"PyTorch channels_last {row['pt_nhwc']:.0f}, default {row['pt_nchw']:.0f}; "
              f"ratio vs PyTorch channels_last {row['ns_nhwc'] / row['pt_nhwc']:.2f}; "
              f"efficiency {row['efficiency']:.1%} (dense {row['dense']:.1f} GFLOP/s, nchw {row['dense_nchw']:.1f}); "
              f"zero_grad+SGD {row['opt_ms']:.1f} of {row['step_ms']:.1f} ms", flush=True)
    med = lambda k: statistics.median(k(x) for x in rows)
    if rows:
        print(f"train median ratios: NetSpace nhwc / PyTorch channels_last {med(lambda x: x['ns_nhwc'] / x['pt_nhwc']):.2f}, "
              f"/ PyTorch default {med(lambda x: x['ns_nhwc'] / x['pt_nchw']):.2f}; NetSpace nhwc / nchw "
              f"{med(lambda x: x['ns_nhwc'] / x['ns_nchw']):.2f}; efficiency {med(lambda x: x['efficiency']):.1%}")

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
