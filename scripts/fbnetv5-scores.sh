#!/usr/bin/env bash
# Does the 3-task supernet rank the study's architectures as retraining does? (docs/studies/fbnetv5-multitask.md)
# Scores every architecture of the comparison that lies in the search space (the 3-task search's, each single-task
# search's, the random ones, the MobileNetV2-style baseline) with `netspace search score` in the 3-task search's
# supernet, on the same held-out batches, and writes OUT/search3-scores.json; scripts/fbnetv5_summary.py then adds,
# per task, the Spearman rank correlation between the supernet's reward and the retrained metric to results.json.
# Usage: scripts/fbnetv5-scores.sh OUT [SEARCH_RUN]
#   OUT: the study folder of scripts/fbnetv5-study.sh. SEARCH_RUN: a finished 3-task search with its supernet weights
#   (default OUT/search3; a search from before `search score` existed kept no weights: run it again with the same
#   options into another folder and pass that folder; its derived architectures must equal OUT/search3's).
#   NETSPACE, SPACE, MNV2, RANDOM_ARCHS and TASKS as in scripts/fbnetv5-study.sh; BATCHES (125: the whole held-out split).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
NETSPACE=${NETSPACE:-netspace}
OUT=${1:?usage: scripts/fbnetv5-scores.sh OUT [SEARCH_RUN]}
RUN=${2:-$OUT/search3}
SPACE=${SPACE:-$here/docs/search/fbnet-mt-64.json}
MNV2=${MNV2:-"blocks=k3e6 s1.b0=k3e1 fusion=keep"}
RANDOM_COUNT=${RANDOM_ARCHS:-5}
TASKS=${TASKS:-"cls det seg"}
BATCHES=${BATCHES:-125}
for task in $TASKS; do
  cmp -s "$RUN/derived/$task.json" "$OUT/search3/derived/$task.json" \
    || { echo "error: $RUN/derived/$task.json differs from $OUT/search3/derived/$task.json: $RUN is not the study's search" >&2; exit 2; }
done
archs=$(mktemp)
scratch=$(mktemp -d)
trap 'rm -rf "$archs" "$scratch"' EXIT
for task in $TASKS; do
  echo "$task/single-task: $(jq -r ".derived[] | select(.task == \"$task\") | .labels | join(\" \")" "$OUT/search-$task/result.json")" >> "$archs"
  list="$OUT/random-$task/architectures.txt"
  if [ ! -f "$list" ]; then
    # Drawn before search random wrote its choices: draw again with the study's arguments and check the specs are the same.
    flops=$(jq -r ".derived[] | select(.task == \"$task\") | .flops" "$OUT/search3/result.json")
    "$NETSPACE" search random --space "$SPACE" --task "$task" --flops "$flops" --count "$RANDOM_COUNT" --seed 1 --out "$scratch/$task" > /dev/null
    for ((i = 1; i <= RANDOM_COUNT; i++)); do
      cmp -s "$scratch/$task/random-$i.json" "$OUT/random-$task/random-$i.json" \
        || { echo "error: drawing again did not give $OUT/random-$task/random-$i.json" >&2; exit 2; }
    done
    list="$scratch/$task/architectures.txt"
  fi
  sed "s|^|$task/|" "$list" >> "$archs"
done
echo "mnv2-style: $MNV2" >> "$archs"
"$NETSPACE" search score "$RUN" --archs "$archs" --batches "$BATCHES" --threads 1 --json > "$OUT/search3-scores.json.tmp"
mv "$OUT/search3-scores.json.tmp" "$OUT/search3-scores.json"
echo "wrote $OUT/search3-scores.json"
