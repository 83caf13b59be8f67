#!/usr/bin/python3
"""Proof of NetSpace's PyTorch weight import/export against torchvision itself.

Run with Debian's Python (torch 1.13, torchvision 0.14):

  /usr/bin/python3 scripts/interop/torchvision_fixtures.py fixtures [--out DIR]
      Small models built with torchvision's own classes (RegNet with custom BlockParams, EfficientNet with small
      MBConvConfigs, ResNet with Bottleneck blocks at small widths), seeded random weights and RANDOMISED BN running
      statistics (so BN folding is not trivially exact), written as the state dict (NAME.pth, torch.save zip format;
      one as .safetensors, one in float64), NAME.check.safetensors (a fixed seeded input and torchvision's eval-mode
      logits) and NAME.spec.json (the same architecture as a NetSpace spec). Plus reader edge cases (views, dtypes) and
      a pickle that calls os.system, which the reader must refuse. The xunit tests in tests/NetSpace.Interop.Tests
      import these files and compare logits.

  /usr/bin/python3 scripts/interop/torchvision_fixtures.py full [--models regnet_x_400mf,...] [--netspace CMD]
      Full-size torchvision models (all RegNets but regnet_y_128gf, which takes ~17 min and ~10 GB: name it with
      --models; EfficientNet-B0..B4, ResNet-50) the same way: runs
      `netspace import weights --check` (NetSpace's logits vs torchvision's), then `netspace export weights` and
      loads the exported .safetensors back into a fresh torchvision model with strict load_state_dict and compares
      its logits too. Prints one line per model with both relative differences; exits 1 if any exceeds 1e-4.

Only seeded random weights are used; nothing is downloaded.
"""
import argparse
import json
import os
import shlex
import struct
import subprocess
import sys
import tempfile
import time

import torch
import torchvision
from torchvision.models import regnet, efficientnet, resnet

SEED = 20261203
TOLERANCE = 1e-4

# ---------------------------------------------------------------------------------------------------- safetensors I/O
_DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.int64: "I64", torch.int32: "I32",
           torch.uint8: "U8", torch.bool: "BOOL"}
_FROM = {v: k for k, v in _DTYPES.items()}


def write_safetensors(path, tensors, metadata=None):
    """A minimal safetensors writer (the safetensors package is not in Debian's torch stack)."""
    header, offset, blobs = {}, 0, []
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        data = t.detach().contiguous().cpu().numpy().tobytes()
        header[name] = {"dtype": _DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)
    os.replace(path + ".tmp", path)


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, end = e["data_offsets"]
        t = torch.frombuffer(bytearray(data[b:end]), dtype=_FROM[e["dtype"]]) if end > b else torch.empty(0, dtype=_FROM[e["dtype"]])
        out[name] = t.reshape(e["shape"]).clone()
    return out, header.get("__metadata__", {})


# ------------------------------------------------------------------------------------------------- models and weights
def randomise(model, seed):
    """Seeded random weights (torchvision's own init) and BN affine/running statistics away from 0/1."""
    g = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                c = m.num_features
                m.weight.copy_(torch.rand(c, generator=g) * 0.4 + 0.8)
                m.bias.copy_(torch.randn(c, generator=g) * 0.05)
                m.running_mean.copy_(torch.randn(c, generator=g) * 0.05)
                m.running_var.copy_(torch.rand(c, generator=g) * 1.0 + 0.5)
                m.num_batches_tracked.fill_(int(torch.randint(0, 1000, (1,), generator=g)))
    return model.eval()


def fixed_input(size, batch=2, seed=SEED):
    return torch.randn(batch, 3, size, size, generator=torch.Generator().manual_seed(seed))


class NarrowBottleneck(resnet.Bottleneck):
    """torchvision's Bottleneck with expansion 1 instead of 4: the same forward code at a quarter of the output widths,
    so a fixture ResNet stays well under a megabyte."""
    expansion = 1


def spec(name, activation, stem, stages, head_width=0, classes=10, size=48):
    return {"name": name, "input": {"size": size, "channels": 3}, "activation": activation,
            "stem": {"type": stem[0], "width": stem[1]}, "stages": stages,
            "head": {"width": head_width, "classes": classes, "dropout": 0.0}}


def regnet_fixture(name, depths, widths, group_widths, bottleneck, se_ratio):
    params = regnet.BlockParams(depths=depths, widths=widths, group_widths=group_widths,
                                bottleneck_multipliers=[bottleneck] * len(depths), strides=[2] * len(depths),
                                se_ratio=se_ratio)
    torch.manual_seed(SEED)
    model = regnet.RegNet(params, num_classes=10, stem_width=16)
    stages = [{"block": "y" if se_ratio else "x", "depth": d, "width": w, "stride": 2, "bottleneck": bottleneck,
               "group_width": g, "expansion": 1, "kernel": 3, "se_ratio": se_ratio or 0}
              for d, w, g in zip(depths, widths, group_widths)]
    return model, spec(name, "relu", ("simple", 16), stages)


def efficientnet_fixture(name):
    # (expand, kernel, stride, in, out, layers) as torchvision's MBConvConfig; multiples of 8 so nothing is rounded.
    settings = [(1, 3, 1, 16, 8, 1), (6, 3, 2, 8, 16, 2), (6, 5, 2, 16, 24, 2), (6, 3, 2, 24, 32, 2), (6, 5, 1, 32, 40, 1)]
    configs = [efficientnet.MBConvConfig(e, k, s, i, o, n, 1.0, 1.0) for e, k, s, i, o, n in settings]
    torch.manual_seed(SEED)
    model = efficientnet.EfficientNet(configs, dropout=0.2, stochastic_depth_prob=0.2, num_classes=10, last_channel=96)
    stages = [{"block": "mbconv", "depth": n, "width": o, "stride": s, "bottleneck": 1, "group_width": 0,
               "expansion": e, "kernel": k, "se_ratio": 0.25} for e, k, s, i, o, n in settings]
    return model, spec(name, "silu", ("simple", 16), stages, head_width=96)


def resnet_fixture(name):
    torch.manual_seed(SEED)
    model = resnet.ResNet(NarrowBottleneck, [1, 1, 1, 1], num_classes=10, width_per_group=8)
    widths = [64, 128, 256, 512]
    stages = [{"block": "x", "depth": d, "width": w, "stride": s, "bottleneck": 0.125, "group_width": w // 8,
               "expansion": 1, "kernel": 3, "se_ratio": 0} for d, w, s in zip([1, 1, 1, 1], widths, [1, 2, 2, 2])]
    return model, spec(name, "relu", ("resnet", 64), stages)


def write_fixtures(out):
    os.makedirs(out, exist_ok=True)
    cases = [
        ("tv_regnet_x_small", *regnet_fixture("tv_regnet_x_small", [1, 2, 2, 1], [16, 32, 48, 64], [8, 8, 8, 8], 0.5, None), "pth", torch.float32),
        ("tv_regnet_y_small", *regnet_fixture("tv_regnet_y_small", [1, 1, 2, 1], [16, 32, 48, 64], [8, 8, 8, 8], 1.0, 0.25), "pth", torch.float64),
        ("tv_efficientnet_small", *efficientnet_fixture("tv_efficientnet_small"), "pth", torch.float32),
        ("tv_resnet_small", *resnet_fixture("tv_resnet_small"), "safetensors", torch.float32),
    ]
    x = fixed_input(48)
    for name, model, net_spec, fmt, dtype in cases:
        model = randomise(model, SEED).to(dtype)
        with torch.no_grad():
            logits = model(x.to(dtype)).float()
        state = model.state_dict()
        if fmt == "pth":
            torch.save(state, os.path.join(out, name + ".pth"))
        else:
            write_safetensors(os.path.join(out, name + ".safetensors"), state)
        write_safetensors(os.path.join(out, name + ".check.safetensors"), {"input": x, "logits": logits})
        with open(os.path.join(out, name + ".spec.json"), "w") as f:
            json.dump(net_spec, f, indent=2)
            f.write("\n")
        n = sum(p.numel() for p in model.parameters())
        print(f"{name}: {n} parameters, {len(state)} tensors, {dtype}, logits max |{logits.abs().max():.4g}|")

    # Reader edge cases: a transposed (non-contiguous) view, a slice with a storage offset, two views of one
    # storage, float64, int64 scalar, float16. The expected values are in the JSON beside it.
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    edge = {"transposed": base.t(), "sliced": base[1:3, 2:5], "shared_row": base[2], "float64": torch.linspace(-1, 1, 5, dtype=torch.float64),
            "int64_scalar": torch.tensor(12345678901, dtype=torch.int64), "float16": torch.tensor([0.5, -2.0, 65504.0], dtype=torch.float16)}
    torch.save(edge, os.path.join(out, "reader_cases.pth"))
    with open(os.path.join(out, "reader_cases.json"), "w") as f:
        json.dump({k: {"shape": list(v.shape), "values": v.double().flatten().tolist()} for k, v in edge.items()}, f, indent=1)
        f.write("\n")

    # A training checkpoint: weights nested under 'state_dict' beside other entries, saved as nn.Parameter objects
    # with DataParallel's "module." prefix.
    g = torch.Generator().manual_seed(SEED)
    weights = {"module.fc.weight": torch.nn.Parameter(torch.randn(2, 3, generator=g)), "module.fc.bias": torch.nn.Parameter(torch.randn(2, generator=g))}
    torch.save({"epoch": 3, "best_top1": 0.75, "state_dict": weights, "note": "nested"}, os.path.join(out, "checkpoint.pth"))
    with open(os.path.join(out, "checkpoint.json"), "w") as f:
        json.dump({k[len("module."):]: {"shape": list(v.shape), "values": v.detach().double().flatten().tolist()} for k, v in weights.items()}, f, indent=1)
        f.write("\n")

    # A pickle that would run a shell command when torch.load-ed: the reader must refuse it by name, unexecuted.
    class Exploit:
        def __reduce__(self):
            return (os.system, ("echo this must never run",))
    torch.save({"weight": torch.zeros(1), "payload": Exploit()}, os.path.join(out, "exploit.pth"))
    # A legacy (non-zip) torch.save file, which the reader refuses with advice.
    torch.save({"weight": torch.zeros(2)}, os.path.join(out, "legacy.pth"), _use_new_zipfile_serialization=False)


# ---------------------------------------------------------------------------------------------------- full-size check
FULL = ["regnet_x_400mf", "regnet_x_800mf", "regnet_x_1_6gf", "regnet_x_3_2gf", "regnet_x_8gf", "regnet_x_16gf",
        "regnet_x_32gf", "regnet_y_400mf", "regnet_y_800mf", "regnet_y_1_6gf", "regnet_y_3_2gf", "regnet_y_8gf",
        "regnet_y_16gf", "regnet_y_32gf", "efficientnet_b0", "efficientnet_b1", "efficientnet_b2", "efficientnet_b3",
        "efficientnet_b4", "resnet50"]


def relative(a, b):
    return float((a - b).abs().max() / b.abs().max())


def full(models, netspace, workdir, size):
    failures = 0
    print(f"{'model':16} {'params':>12} {'import rel|Δ|':>14} {'export rel|Δ|':>14} {'seconds':>8}")
    for name in models:
        t0 = time.time()
        torch.manual_seed(SEED)
        model = randomise(getattr(torchvision.models, name)(), SEED)
        x = fixed_input(size)
        with torch.no_grad():
            logits = model(x)
        d = tempfile.mkdtemp(prefix=name + "-", dir=workdir)
        pth, check, run, back = (os.path.join(d, n) for n in ("weights.pth", "check.safetensors", "run", "back.safetensors"))
        torch.save(model.state_dict(), pth)
        write_safetensors(check, {"input": x, "logits": logits})
        cmd = shlex.split(netspace)
        r = subprocess.run(cmd + ["import", "weights", pth, "--from", "torchvision", "--arch", name, "--out", run,
                                  "--check", check, "--json"], capture_output=True, text=True)
        if r.returncode != 0:
            print(f"{name:16} import failed: {r.stderr.strip()}")
            failures += 1
            continue
        imported = json.loads(r.stdout)
        r = subprocess.run(cmd + ["export", "weights", "--run", run, "--to", "torchvision", "--out", back], capture_output=True, text=True)
        if r.returncode != 0:
            print(f"{name:16} export failed: {r.stderr.strip()}")
            failures += 1
            continue
        tensors, meta = read_safetensors(back)
        fresh = getattr(torchvision.models, name)().eval()
        fresh.load_state_dict(tensors, strict=True)
        with torch.no_grad():
            again = fresh(x)
        exported = relative(again, logits)
        params = sum(p.numel() for p in model.parameters())
        ok = imported["check_relative_delta"] <= TOLERANCE and exported <= TOLERANCE and meta.get("netspace_arch") == name
        failures += 0 if ok else 1
        print(f"{name:16} {params:12,d} {imported['check_relative_delta']:14.3g} {exported:14.3g} {time.time() - t0:8.1f}"
              + ("" if ok else "  FAIL"), flush=True)
        for f in (pth, back):
            os.remove(f)
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="mode", required=True)
    fx = sub.add_parser("fixtures")
    fx.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "..", "tests", "NetSpace.Interop.Tests", "Fixtures"))
    fl = sub.add_parser("full")
    fl.add_argument("--models", default=",".join(FULL))
    fl.add_argument("--netspace", default="dotnet " + os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "NetSpace.Cli", "bin", "Debug", "net10.0", "netspace.dll"))
    fl.add_argument("--workdir", default=tempfile.gettempdir())
    fl.add_argument("--size", type=int, default=224)
    args = ap.parse_args()
    print(f"torch {torch.__version__}, torchvision {torchvision.__version__}")
    if args.mode == "fixtures":
        write_fixtures(os.path.abspath(args.out))
        return 0
    return 1 if full(args.models.split(","), args.netspace, args.workdir, args.size) else 0


if __name__ == "__main__":
    sys.exit(main())
