#!/usr/bin/env bash
# FBNetV5's claim on the Fashion-MNIST scene set, with seeds and intervals (docs/studies/fbnetv5-multitask.md):
#   1. one 3-task search (cls, det, seg) and one single-task search per task;
#   2. per task, at the FLOPs of the 3-task search's architecture: that architecture, the single-task search's,
#      RANDOM_ARCHS random architectures of matched FLOPs (search random), and hand-designed baselines (regnetx-200mf with
#      the same neck width, and a MobileNetV2-style net written in the space with search spec), each retrained with
#      every seed in SEEDS;
#   3. OUT/results.tsv (one row per run) and OUT/results.json (per task: mean ± std, n, and the 95% interval of
#      searched − random paired by seed) via scripts/fbnetv5_summary.py.
# Resumable: finished searches and runs are skipped, interrupted ones continue from their last epoch (a run that fails
# is continued once from its last epoch at once: see the TorchSharp Scalar race in docs/ARCHITECTURE.md). Finished folders are
# pruned to what the table needs (result, metrics, spec, recipe, derived specs; weights only of the 3-task search's
# retrained architectures with the first seed, ~2 MB each, so `netspace eval` can reproduce a number), so OUT stays small enough to commit between
# sittings (e.g. OUT=docs/studies/fbnetv5; the scene set then lives in runs/, which git ignores). KEEP=all keeps everything.
# Usage: scripts/fbnetv5-study.sh [OUT]
#   NETSPACE (the netspace command), DATA (a multitask scene folder; made when missing), SEEDS ("1 2 3"),
#   RANDOM_ARCHS (5), SEARCH / RETRAIN (options of search run / train, e.g. add --precision bf16), TASKS ("cls det seg"),
#   JOBS (2: runs at once, each in its own process; independent searches and retrainings run side by side),
#   THREADS (1: libtorch threads per run; JOBS × THREADS should not exceed the cores), KEEP (pruned: see above; all),
#   PARTIAL (1: train nothing, write results.tsv/json from the runs finished so far, e.g. between sittings).
# Every search and retraining writes its console to OUT/…/NAME.log; this script prints one line per started and
# finished run. Interrupt it with Ctrl-C (every running process stops at its next step; run it again to continue).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
NETSPACE=${NETSPACE:-netspace}
OUT=${1:-runs/fbnetv5}
DATA=${DATA:-runs/fbnetv5-scenes}
KEEP=${KEEP:-pruned}
SPACE=${SPACE:-$here/docs/search/fbnet-mt-64.json}
TARGETS=${TARGETS:-cls=15.6M,det=21M,seg=21M}
SEEDS=${SEEDS:-"1 2 3"}
RANDOM_COUNT=${RANDOM_ARCHS:-5}
TASKS=${TASKS:-"cls det seg"}
JOBS=${JOBS:-2}
THREADS=${THREADS:-1}
SEARCH=${SEARCH:-"--subset 8000 --val-split 0.2 --epochs 8 --warmup 2 --batch 64 --seed 0"}
# float32: the search space's MBConv nets train 1.8x faster in float32 than in bf16 on this CPU (seg retraining of a
# 15 MF random architecture, 1 thread: 165 vs 91 scenes/s; bench train on its backbone: 239 vs 91 images/s).
RETRAIN=${RETRAIN:-"--subset 12000 --val-split 0.1 --test-at-end --epochs 12 --batch 64 --weight-decay 5e-4"}
MNV2=${MNV2:-"blocks=k3e6 s1.b0=k3e1 fusion=keep"}   # MobileNetV2-style: expansion 6, 3×3, expansion 1 first
mkdir -p "$OUT"
running=0 failures=0 started=0
spawn() { # command...: run in the background, at most JOBS at once
  "$@" &
  running=$((running + 1)) started=$((started + 1))
  if (( running >= JOBS )); then reap; fi
}
reap() { # wait for one background run
  local status=0
  wait -n || status=$?
  running=$((running - 1))
  if (( status != 0 )); then failures=$((failures + 1)); fi
}
drain() { # wait for every background run; stop when one failed
  while (( running > 0 )); do reap; done
  if (( failures > 0 )); then echo "error: $failures run(s) failed; see the .log files under $OUT; run the script again to continue" >&2; exit 1; fi
}
[ -f "$DATA/manifest.json" ] || "$NETSPACE" data multitask --out "$DATA" --train 40000 --seed 0

search() { # folder tasks targets
  if [ -f "$OUT/$1/result.json" ]; then return; fi
  echo "$(date +%T) search $1 ($2) started"
  if [ -f "$OUT/$1/checkpoint" ]; then "$NETSPACE" search run --resume "$OUT/$1" --threads "$THREADS" > "$OUT/$1.log" 2>&1
  else
    rm -rf "${OUT:?}/$1"
    "$NETSPACE" search run --space "$SPACE" --tasks "$2" --flops "$3" --data "multitask:$DATA" $SEARCH --threads "$THREADS" --out "$OUT/$1" > "$OUT/$1.log" 2>&1
  fi || { echo "$(date +%T) search $1 failed: $OUT/$1.log" >&2; return 1; }
  prune "$OUT/$1" no
  echo "$(date +%T) search $1 finished"
}
prune() { # folder keep-weights: drop what the table does not need (supernet weights, checkpoints, detections)
  [ "$KEEP" = all ] && return
  rm -f "$1/checkpoint" "$1"/*.tmp "$1"/*detections*.json
  [ "$2" = yes ] || rm -f "$1/weights"
}
if [ "${PARTIAL:-0}" != 1 ]; then
  spawn search search3 cls,det,seg "$TARGETS"
  for task in $TASKS; do
    target=$(tr ',' '\n' <<< "$TARGETS" | grep "^$task=")
    spawn search "search-$task" "$task" "$target"
  done
  drain
fi

metric() { # task result.json → the task's test metric
  case $1 in
    cls) jq -r '1 - .test.top1_error' "$2" ;;
    det) jq -r '.test.ap' "$2" ;;
    seg) jq -r '.test.mean_io_u' "$2" ;;
  esac
}
retrain() { # task group name seed spec-or-model-args...: train one run unless it finished (then nothing to do)
  local task=$1 group=$2 name=$3 seed=$4; shift 4
  local dir="$OUT/retrain/$task/$name-s$seed"
  [ -f "$dir/result.json" ] && return
  spawn train_one "$dir" "$task" "$group" "$seed" "$@"
}
train_one() { # folder task group seed spec-or-model-args...: a failed run is continued once from its last epoch
  local dir=$1 task=$2 group=$3 seed=$4 attempt; shift 4
  mkdir -p "$(dirname "$dir")"
  echo "$(date +%T) train ${dir#"$OUT"/} started"
  for attempt in 1 2; do
    if [ -f "$dir/checkpoint" ]; then
      "$NETSPACE" train --resume "$dir" --threads "$THREADS" >> "$dir.log" 2>&1 && break
    else
      rm -rf "$dir"
      "$NETSPACE" train "$@" --data "multitask:$DATA" --task "$task" $RETRAIN --seed "$seed" --threads "$THREADS" --out "$dir" > "$dir.log" 2>&1 && break
    fi
    if (( attempt == 2 )); then echo "$(date +%T) train ${dir#"$OUT"/} failed: $dir.log" >&2; return 1; fi
    echo "$(date +%T) train ${dir#"$OUT"/} failed ($(tail -n 1 "$dir.log" | cut -c1-100)); continuing it once" >&2
  done
  prune "$dir" "$([ "$group" = searched ] && [ "$seed" = "${SEEDS%% *}" ] && echo yes || echo no)"
  echo "$(date +%T) train ${dir#"$OUT"/} finished: $(metric "$task" "$dir/result.json")"
}
row() { # task group name seed...: the run's line of results.tsv (with PARTIAL=1, nothing for an unfinished run)
  local task=$1 group=$2 name=$3 seed=$4
  local dir="$OUT/retrain/$task/$name-s$seed"
  [ "${PARTIAL:-0}" = 1 ] && [ ! -f "$dir/result.json" ] && return
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$task" "$group" "$name" "$seed" "$(jq -r .flops "$dir/result.json")" "$(metric "$task" "$dir/result.json")" "$(jq -r .train_seconds "$dir/result.json")" >> "$OUT/results.tsv"
}

for task in $TASKS; do
  flops=$(jq -r ".derived[] | select(.task == \"$task\") | .flops" "$OUT/search3/result.json")
  [ -f "$OUT/random-$task/random-$RANDOM_COUNT.json" ] || "$NETSPACE" search random --space "$SPACE" --task "$task" --flops "$flops" --count "$RANDOM_COUNT" --seed 1 --out "$OUT/random-$task"
  [ -f "$OUT/baselines/mnv2.json" ] || { mkdir -p "$OUT/baselines"; "$NETSPACE" search spec --space "$SPACE" --arch "$MNV2" --name mnv2-style --out "$OUT/baselines/mnv2.json"; }
done
runs() { # action: call it with every retraining of the comparison (seed-major, so a cut-off study has whole seeds)
  for seed in $SEEDS; do
    for task in $TASKS; do
      "$1" "$task" searched searched-3task "$seed" --spec "$OUT/search3/derived/$task.json"
      "$1" "$task" single single-task "$seed" --spec "$OUT/search-$task/derived/$task.json"
      for ((i = 1; i <= RANDOM_COUNT; i++)); do "$1" "$task" random "random-$i" "$seed" --spec "$OUT/random-$task/random-$i.json"; done
      "$1" "$task" baseline regnetx-200mf "$seed" --model regnetx-200mf --neck-width 32
      "$1" "$task" baseline mnv2-style "$seed" --spec "$OUT/baselines/mnv2.json"
    done
  done
}
[ "${PARTIAL:-0}" = 1 ] || { runs retrain; drain; }
printf 'task\tgroup\tmodel\tseed\tflops\tmetric\ttrain_seconds\n' > "$OUT/results.tsv"
runs row
column -t "$OUT/results.tsv"
/usr/bin/env python3 "$here/scripts/fbnetv5_summary.py" "$OUT/results.tsv" > "$OUT/results.json"
echo "wrote $OUT/results.json"
