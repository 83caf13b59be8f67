#!/usr/bin/python3
"""PyTorch peer of `netspace bench train` and `netspace bench infer`.

Builds the same network as NetSpace from a NetSpace spec (JSON as printed by
`netspace models show NAME --json`, or a spec file) with torchvision's own classes:
RegNet (AnyStage/ResBottleneckBlock, same depths, widths, group widths, bottleneck
ratios, strides, SE ratio; a stride-1 3x3 stem for NetSpace's "small" stem) and
EfficientNet (MBConvConfig per stage). Then it times what a PyTorch user would run:

  train: SGD (lr 0.1, momentum 0.9, weight decay 5e-5) steps on random batches,
         zero_grad + forward + cross-entropy + backward + step + loss.item(), the
         same bracket as NetSpace's "training step" (data excluded);
  infer: eval-mode forwards under torch.inference_mode(), optionally with
         conv+BN fused (torch.fx.experimental.optimization.fuse).

Each requested layout ("nchw" = PyTorch's default, "nhwc" =
model.to(memory_format=torch.channels_last) with a channels-last input) and, for
training, each precision ("fp32", or "bf16" = forward and loss under
torch.autocast("cpu", dtype=torch.bfloat16), PyTorch's mixed precision) gets its
own model; their steps alternate within the run so load on a shared machine hits
all alike. Prints one JSON object.

Run with Debian's interpreter (torch 1.13, torchvision 0.14): /usr/bin/python3.
"""

import argparse
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
from torchvision.ops.misc import Conv2dNormActivation
from torchvision.models.regnet import RegNet, BlockParams
from torchvision.models.efficientnet import EfficientNet, MBConvConfig


def load_spec(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    return doc["spec"] if "spec" in doc else doc


def activation_of(spec):
    return {"relu": nn.ReLU, "silu": nn.SiLU}[spec.get("activation", "relu")]


def build(spec):
    """torchvision's RegNet or EfficientNet with the spec's geometry."""
    stages = spec["stages"]
    blocks = {s["block"] for s in stages}
    in_ch = spec["input"]["channels"]
    classes = spec["head"]["classes"]
    stem = spec["stem"]
    if blocks <= {"x", "y"}:
        if spec["head"].get("width", 0) != 0:
            raise SystemExit("error: spec.head.width: torchvision's RegNet has no head conv")
        kernel, stride = {"simple": (3, 2), "small": (3, 1)}.get(stem["type"], (None, None))
        if kernel is None:
            raise SystemExit(f"error: spec.stem.type: {stem['type']} has no torchvision RegNet equivalent")
        se = stages[0]["se_ratio"] or None

        def stem_type(width_in, width_out, norm_layer, activation_layer):
            # torchvision passes width_in = 3; the spec says how many channels the data has.
            return Conv2dNormActivation(in_ch, width_out, kernel_size=kernel, stride=stride,
                                        norm_layer=norm_layer, activation_layer=activation_layer)

        params = BlockParams(
            depths=[s["depth"] for s in stages],
            widths=[s["width"] for s in stages],
            group_widths=[s["group_width"] for s in stages],
            bottleneck_multipliers=[s["bottleneck"] for s in stages],
            strides=[s["stride"] for s in stages],
            se_ratio=se,
        )
        return RegNet(params, num_classes=classes, stem_width=stem["width"], stem_type=stem_type,
                      activation=activation_of(spec))
    if blocks == {"mbconv"}:
        if in_ch != 3 or stem["type"] != "simple":
            raise SystemExit("error: spec: torchvision's EfficientNet takes 3 channels and a 3x3 stride-2 stem")
        configs = []
        width_in = stem["width"]
        for s in stages:
            configs.append(MBConvConfig(s["expansion"], s["kernel"], s["stride"], width_in, s["width"], s["depth"],
                                        width_mult=1.0, depth_mult=1.0))
            width_in = s["width"]
        return EfficientNet(configs, dropout=spec["head"].get("dropout", 0.0), num_classes=classes,
                            last_channel=spec["head"]["width"])
    raise SystemExit(f"error: spec.stages: block types {sorted(blocks)} have no torchvision equivalent here")


def to_layout(t, layout):
    return t.contiguous(memory_format=torch.channels_last) if layout == "nhwc" else t.contiguous()


def images(spec, batch, gen):
    """Random uint8 images normalised to mean 0 / std 1, as NetSpace's random bench data."""
    c, s = spec["input"]["channels"], spec["input"]["size"]
    raw = torch.randint(0, 256, (batch, c, s, s), generator=gen, dtype=torch.uint8).float()
    return (raw - 127.5) / 73.9


def train(args, spec):
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    classes = spec["head"]["classes"]
    xs = [images(spec, args.batch, gen) for _ in range(4)]
    ys = [torch.randint(0, classes, (args.batch,), generator=gen) for _ in range(4)]
    runs = []
    for precision in args.precision:
        for layout in args.layout:
            torch.manual_seed(0)
            model = build(spec)
            if layout == "nhwc":
                model = model.to(memory_format=torch.channels_last)
            model.train()
            opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-5)
            runs.append({"layout": layout, "precision": precision, "model": model, "opt": opt,
                         "xs": [to_layout(x, layout) for x in xs], "times": []})
    params = sum(p.numel() for p in runs[0]["model"].parameters())
    for i in range(args.warmup + args.steps):
        for r in runs:
            x, y = r["xs"][i % 4], ys[i % 4]
            t0 = time.perf_counter()
            r["opt"].zero_grad()
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=r["precision"] == "bf16"):
                loss = nn.functional.cross_entropy(r["model"](x), y)
            loss.backward()
            r["opt"].step()
            loss.item()
            if i >= args.warmup:
                r["times"].append((time.perf_counter() - t0) * 1000)
    out = []
    for r in runs:
        ms = statistics.median(r["times"])
        out.append({"layout": r["layout"], "precision": r["precision"], "step_ms": ms, "images_per_second": args.batch * 1000 / ms,
                    "step_ms_all": r["times"]})
    return {"mode": "train", "model": spec.get("name", "spec"), "params": params, "batch": args.batch,
            "threads": torch.get_num_threads(), "torch": torch.__version__, "runs": out}


def infer(args, spec):
    from torch.fx.experimental.optimization import fuse

    gen = torch.Generator().manual_seed(0)
    x0 = images(spec, args.batch, gen)
    runs = []
    for layout in args.layout:
        for fold in args.fold:
            torch.manual_seed(0)
            model = build(spec).eval()
            # BN statistics of a fresh network are trivial (mean 0, var 1); calibrate as NetSpace does.
            model.train()
            with torch.no_grad():
                for _ in range(2):
                    model(images(spec, min(args.batch, 16), gen))
            model.eval()
            if fold:
                model = fuse(model)
            if layout == "nhwc":
                model = model.to(memory_format=torch.channels_last)
            runs.append({"layout": layout, "folded": fold, "model": model, "x": to_layout(x0, layout), "times": []})
    params = sum(p.numel() for p in build(spec).parameters())
    with torch.inference_mode():
        for i in range(args.warmup + args.reps):
            for r in runs:
                t0 = time.perf_counter()
                r["model"](r["x"])
                if i >= args.warmup:
                    r["times"].append((time.perf_counter() - t0) * 1000)
    out = []
    for r in runs:
        ms = statistics.median(r["times"])
        out.append({"layout": r["layout"], "folded": r["folded"], "median_ms": ms,
                    "images_per_second": args.batch * 1000 / ms})
    return {"mode": "infer", "model": spec.get("name", "spec"), "params": params, "batch": args.batch,
            "threads": torch.get_num_threads(), "torch": torch.__version__, "runs": out}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="mode", required=True)
    for name in ("train", "infer"):
        s = sub.add_parser(name)
        s.add_argument("--spec", required=True, help="NetSpace spec JSON (or `netspace models show --json` output)")
        s.add_argument("--batch", type=int, default=128 if name == "train" else 64)
        s.add_argument("--threads", type=int, default=2)
        s.add_argument("--layout", default="nchw,nhwc", help="comma-separated: nchw, nhwc")
        if name == "train":
            s.add_argument("--precision", default="fp32", help="comma-separated: fp32, bf16 (autocast)")
        s.add_argument("--warmup", type=int, default=3 if name == "train" else 2)
        if name == "train":
            s.add_argument("--steps", type=int, default=20)
        else:
            s.add_argument("--reps", type=int, default=10)
            s.add_argument("--fold", default="yes", help="yes, no or both: fuse conv+BN (torch.fx) before timing")
    args = p.parse_args()
    args.layout = [l.strip() for l in args.layout.split(",") if l.strip()]
    args.precision = [x.strip() for x in getattr(args, "precision", "fp32").split(",") if x.strip()]
    for x in args.precision:
        if x not in ("fp32", "bf16"):
            p.error(f"--precision: {x} is not fp32 or bf16")
    for l in args.layout:
        if l not in ("nchw", "nhwc"):
            p.error(f"--layout: {l} is not nchw or nhwc")
    if args.mode == "infer":
        args.fold = {"yes": [True], "no": [False], "both": [False, True]}.get(args.fold)
        if args.fold is None:
            p.error("--fold: expected yes, no or both")
    torch.set_num_threads(args.threads)
    spec = load_spec(args.spec)
    result = train(args, spec) if args.mode == "train" else infer(args, spec)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
