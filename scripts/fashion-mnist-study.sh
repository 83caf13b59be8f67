#!/usr/bin/env bash
# The Fashion-MNIST design-space study (docs/studies/fashion-mnist.md), resumable at every step: re-running
# skips what is finished and continues interrupted sweeps and training runs.
#   1. populations of anynetx-a, anynetx-c, anynetx-e, regnetx, regnety in one flops window at 28 px (small stem),
#      each trained with a short recipe on a seeded subset with a held-out validation split (never the test set);
#   2. EDF / normalized-EDF comparison of the five spaces and bootstrap ranges (netspace analyze);
#   3. a refined RegNetX space from the bootstrap ranges of the regnetx population (netspace space refine),
#      its own population, and its EDF against its parent's;
#   4. the best 3 models of the best space (lowest median validation error) retrained on all 60,000 training
#      images with a longer schedule and several seeds; test accuracy of the last epoch (never used to select).
# Usage: scripts/fashion-mnist-study.sh [OUT]
#   NETSPACE (the netspace command), STORE (trial store: a file or postgres://…; default OUT/study.db),
#   SAMPLES (per population, 32), WORKERS (2), FINAL_EPOCHS (30), SEEDS ("1 2"), STAGES ("1 2 3 4"),
#   FINAL_JOBS (final runs at once, 2), CORES (2: each run gets CORES/FINAL_JOBS threads; the last one waits
#   for the others and gets all),
#   FRESH=1 to start from scratch instead of from the committed results (docs/studies/fashion-mnist/study.db,
#   and the chosen final specs and finished final runs' results under docs/studies/fashion-mnist/final/),
#   REPO (the checkout holding those committed results; default: the one this script is in — set it when
#   running a copy of the script from elsewhere).
set -euo pipefail
here=${REPO:-$(cd "$(dirname "$0")/.." && pwd)}
here=${here%/}   # "/" + "/docs" would read "//docs" in messages
if [ -z "${FRESH:-}" ] && [ ! -d "$here/docs/studies/fashion-mnist" ]; then
  echo "no committed study results under $here/docs/studies/fashion-mnist: set REPO to the NetSpace checkout," >&2
  echo "or FRESH=1 to run every stage from nothing" >&2
  exit 2
fi
NETSPACE=${NETSPACE:-netspace}
OUT=${1:-runs/fashion-mnist-study}
STORE=${STORE:-$OUT/study.db}
SPACES=${SPACES:-"anynetx-a anynetx-c anynetx-e regnetx regnety"}
SAMPLES=${SAMPLES:-32}
WORKERS=${WORKERS:-2}
FINAL_EPOCHS=${FINAL_EPOCHS:-30}
SEEDS=${SEEDS:-"1 2"}
STAGES=${STAGES:-"1 2 3 4"}
FINAL_JOBS=${FINAL_JOBS:-2}                          # final runs trained at once …
CORES=${CORES:-2}                                    # … sharing this many cores
# one common window and recipe for every population (stated in the study document)
POPULATION="--flops 2M:6M --stem small --subset 12000 --val-split 0.2 --test-at-end --epochs 5 --batch 64 --seed 1"
# the final recipe: all 60,000 training images, crop + flip + random erasing, label smoothing, cosine schedule
FINAL="--data fashion-mnist --epochs $FINAL_EPOCHS --batch 128 --lr 0.1 --weight-decay 5e-4 --nesterov --label-smoothing 0.1 --random-erasing 0.5"
mkdir -p "$OUT"
if [ ! -e "$STORE" ] && [ -z "${FRESH:-}" ] && [ -f "$here/docs/studies/fashion-mnist/study.db" ] && [[ "$STORE" != postgres* ]]; then
  cp "$here/docs/studies/fashion-mnist/study.db" "$STORE"   # continue from the committed populations
fi
stage() { [[ " $STAGES " == *" $1 "* ]]; }

population() { # sweep-name space
  if ! "$NETSPACE" sweep list --store "$STORE" --json 2>/dev/null | grep -q "\"name\": \"$1\""; then
    "$NETSPACE" sweep create "$1" --space "$2" --samples "$SAMPLES" --data fashion-mnist $POPULATION --store "$STORE" > /dev/null
  fi
  "$NETSPACE" sweep run "$1" --workers "$WORKERS" --threads-per-worker 1 --store "$STORE"
}

if stage 1; then
  for space in $SPACES; do population "fm-$space" "$space"; done
fi

sweeps=""; for space in $SPACES; do sweeps="$sweeps fm-$space"; done
if stage 2; then
  "$NETSPACE" analyze $sweeps --store "$STORE" --out "$OUT/analysis"
fi

if stage 3; then
  [ -f "$OUT/regnetx-refined.json" ] || "$NETSPACE" space refine fm-regnetx --store "$STORE" --out "$OUT/regnetx-refined.json"
  population fm-regnetx-refined "$OUT/regnetx-refined.json"
  "$NETSPACE" analyze fm-regnetx fm-regnetx-refined --store "$STORE" --out "$OUT/analysis-refined"
fi

if stage 4; then
  # the best space: lowest median validation error over all populations, the refined one included
  committed="$here/docs/studies/fashion-mnist/final"
  if [ ! -d "$OUT/final/specs" ] && [ -z "${FRESH:-}" ] && [ -d "$committed/specs" ]; then
    mkdir -p "$OUT/final"; cp -r "$committed/specs" "$OUT/final/specs"   # the committed choice of models
  fi
  if [ ! -d "$OUT/final/specs" ]; then
    best=$("$NETSPACE" analyze $sweeps fm-regnetx-refined --store "$STORE" --draws 100 --json --out "$OUT/analysis-all" | jq -r '.sweeps | min_by(.errors.median) | .name')
    echo "best space by median validation error: $best"
    "$NETSPACE" sweep best "$best" --top 3 --out "$OUT/final/specs" --store "$STORE"
  fi
  todo=()   # "spec seed" of the runs without a result; finished ones come from an earlier sitting when committed
  for spec in "$OUT"/final/specs/*.json; do
    for seed in $SEEDS; do
      run="$OUT/final/$(basename "$spec" .json)-s$seed"
      if [ ! -f "$run/result.json" ] && [ -z "${FRESH:-}" ] && [ -f "$committed/runs/${run##*/}/result.json" ]; then
        rm -rf "$run"; cp -r "$committed/runs/${run##*/}" "$run"   # finished in an earlier sitting (no weights)
      fi
      [ -f "$run/result.json" ] || todo+=("$spec $seed")
    done
  done
  train_run() { # spec seed threads: one final run, resumed if interrupted; its console output goes to RUN.log
    local run; run="$OUT/final/$(basename "$1" .json)-s$2"
    if [ -f "$run/checkpoint" ]; then "$NETSPACE" train --resume "$run" > "$run.log" 2>&1
    else rm -rf "$run"; "$NETSPACE" train --spec "$1" $FINAL --threads "$3" --seed "$2" --out "$run" > "$run.log" 2>&1; fi
  }
  for ((i = 0; i < ${#todo[@]}; i++)); do
    read -r spec seed <<< "${todo[$i]}"
    while [ "$(jobs -rp | wc -l)" -ge "$FINAL_JOBS" ]; do wait -n || true; done
    left=$(( ${#todo[@]} - i )); threads=$(( CORES / (left < FINAL_JOBS ? left : FINAL_JOBS) ))
    # the last runs get more threads: let the running ones finish first, so no core is shared (measured: two
    # runs sharing two cores with 1 + 2 threads trained at half their combined speed)
    if (( left < FINAL_JOBS )); then wait; fi
    echo "training $(basename "$spec" .json) seed $seed on $threads thread(s) (log: $OUT/final/$(basename "$spec" .json)-s$seed.log)"
    train_run "$spec" "$seed" "$threads" &
  done
  wait
  for entry in "${todo[@]}"; do
    read -r spec seed <<< "$entry"; run="$OUT/final/$(basename "$spec" .json)-s$seed"
    [ -f "$run/result.json" ] || { echo "final run $run did not finish; see $run.log (re-run to resume it)" >&2; exit 1; }
  done
  printf 'model\tseed\tflops\tparams\ttest_accuracy\ttrain_seconds\tthreads\n' > "$OUT/final/results.tsv"
  for spec in "$OUT"/final/specs/*.json; do
    model=$(basename "$spec" .json)
    for seed in $SEEDS; do
      run="$OUT/final/$model-s$seed"
      jq -r --arg m "$model" --arg s "$seed" --argjson t "$(jq .threads "$run/recipe.json")" \
        '[$m, $s, .flops, .params, (1 - .test_top1_error), .train_seconds, $t] | @tsv' "$run/result.json" >> "$OUT/final/results.tsv"
    done
  done
  column -t "$OUT/final/results.tsv"
  # test accuracy mean ± sample std per model (over seeds) and over every run; cost = training time × threads
  awk -F'\t' 'function line(label, n, s, q,  v) { v = (n > 1 ? (q - s * s / n) / (n - 1) : 0); if (v < 0) v = 0
      printf "%-22s %.2f%% ± %.2f (n = %d)\n", label, 100 * s / n, 100 * sqrt(v), n }
    NR > 1 && $1 != m { if (m != "") line(m, n, s, q); m = $1; n = s = q = 0 }   # rows come grouped by model
    NR > 1 { n++; s += $5; q += $5 * $5; N++; S += $5; Q += $5 * $5; ch += $6 * $7 / 3600 }
    END { line(m, n, s, q); line("all runs", N, S, Q); printf "core-hours of the final runs: %.2f\n", ch }' "$OUT/final/results.tsv"
fi
