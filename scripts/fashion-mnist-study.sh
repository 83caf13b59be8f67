#!/usr/bin/env bash
# The Fashion-MNIST design-space study (docs/studies/fashion-mnist.md), resumable at every step:
# re-running skips what is finished and continues interrupted sweeps.
# Stage 1: populations of anynetx-a, anynetx-c, anynetx-e, regnetx, regnety in one flops window at 28 px
# (small stem), each trained with a short recipe on a seeded subset with a held-out validation split.
# Usage: scripts/fashion-mnist-study.sh [OUT]   (NETSPACE = the netspace command; STORE = the trial store)
set -euo pipefail
NETSPACE=${NETSPACE:-netspace}
OUT=${1:-runs/fashion-mnist-study}
STORE=${STORE:-$OUT/study.db}
SPACES=${SPACES:-"anynetx-a anynetx-c anynetx-e regnetx regnety"}
SAMPLES=${SAMPLES:-32}
WORKERS=${WORKERS:-2}
# one common window and recipe for every population (stated in the study document)
POPULATION="--flops 2M:6M --stem small --subset 12000 --val-split 0.2 --test-at-end --epochs 5 --batch 64 --seed 1"
mkdir -p "$OUT"

population() { # space
  local name="fm-$1"
  if ! "$NETSPACE" sweep list --store "$STORE" --json 2>/dev/null | grep -q "\"$name\""; then
    "$NETSPACE" sweep create "$name" --space "$1" --samples "$SAMPLES" --data fashion-mnist $POPULATION --store "$STORE" > /dev/null
  fi
  "$NETSPACE" sweep run "$name" --workers "$WORKERS" --threads-per-worker 1 --store "$STORE"
}
for space in $SPACES; do population "$space"; done
