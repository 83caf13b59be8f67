#!/usr/bin/env bash
# FBNetV5-style multi-task search, end to end at small scale on the Fashion-MNIST scene set:
# search 3 tasks in one run, search det alone, retrain each task's derived architecture standalone,
# 3 random architectures of matched FLOPs per task and regnetx-200mf (FPN neck of width 32), and
# tabulate every result in OUT/results.tsv. Resumable: finished steps are skipped on a re-run.
# Usage: scripts/search-study.sh [OUT] (NETSPACE = the netspace binary; DATA = a multitask scene folder)
set -euo pipefail
NETSPACE=${NETSPACE:-netspace}
OUT=${1:-runs/search-study}
DATA=${DATA:-$OUT/scenes}
SPACE=${SPACE:-$(dirname "$0")/../docs/search/fbnet-mt-64.json}
TARGETS=${TARGETS:-cls=15.6M,det=21M,seg=21M}
SEARCH="--subset 8000 --val-split 0.2 --epochs 8 --warmup 2 --batch 64 --seed 0"
RETRAIN="--subset 6000 --epochs 6 --batch 64 --seed 0"
mkdir -p "$OUT"
[ -f "$DATA/manifest.json" ] || "$NETSPACE" data multitask --out "$DATA" --seed 0

search() { # folder tasks targets
  if [ -f "$OUT/$1/result.json" ]; then return; fi
  if [ -f "$OUT/$1/checkpoint" ]; then "$NETSPACE" search run --resume "$OUT/$1"; return; fi
  rm -rf "$OUT/$1"
  "$NETSPACE" search run --space "$SPACE" --tasks "$2" --flops "$3" --data "multitask:$DATA" $SEARCH --out "$OUT/$1"
}
search search3 cls,det,seg "$TARGETS"
search search-det det det=21M

metric() { # task result.json → the task's test metric
  case $1 in
    cls) jq -r '1 - .test.top1_error' "$2" ;;
    det) jq -r '.test.ap' "$2" ;;
    seg) jq -r '.test.mean_io_u' "$2" ;;
  esac
}
train() { # task name spec-or-model-args...
  local task=$1 name=$2; shift 2
  local dir="$OUT/retrain/$task-$name"
  if [ ! -f "$dir/result.json" ]; then
    rm -rf "$dir"
    "$NETSPACE" train "$@" --data "multitask:$DATA" --task "$task" $RETRAIN --out "$dir" > "$dir.log" 2>&1
  fi
  printf '%s\t%s\t%s\t%s\n' "$task" "$name" "$(jq -r .flops "$dir/result.json")" "$(metric "$task" "$dir/result.json")" >> "$OUT/results.tsv"
}

mkdir -p "$OUT/retrain"
printf 'task\tmodel\tflops\tmetric\n' > "$OUT/results.tsv"
for task in cls det seg; do
  flops=$(jq -r ".derived[] | select(.task == \"$task\") | .flops" "$OUT/search3/result.json")
  [ -f "$OUT/random-$task/random-3.json" ] || "$NETSPACE" search random --space "$SPACE" --task "$task" --flops "$flops" --count 3 --seed 1 --out "$OUT/random-$task"
  train "$task" searched-3task --spec "$OUT/search3/derived/$task.json"
  for i in 1 2 3; do train "$task" "random-$i" --spec "$OUT/random-$task/random-$i.json"; done
  train "$task" regnetx-200mf --model regnetx-200mf --neck-width 32
done
train det searched-1task --spec "$OUT/search-det/derived/det.json"
column -t "$OUT/results.tsv"
