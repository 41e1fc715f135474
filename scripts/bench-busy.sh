#!/usr/bin/env bash
# Benchmark: repay train on data-samples on a quiet machine, then beside two CPU-bound processes
# (one per core here), and the ratio busy / quiet of the wall times. Trainers whose threads spin
# while they wait (OpenMP: LightGbm's native library) slow down most on a busy machine.
# Usage: scripts/bench-busy.sh [trainer fasttree|lightgbm] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
trainer=${1:-fasttree}; runs=${2:-3}
source scripts/bench-common.sh
train() {
  local start end
  start=$(date +%s.%N)
  dotnet $repay train --from data-samples --models "$out/models-$1" --trainer "$trainer" >/dev/null 2>&1
  end=$(date +%s.%N)
  awk "BEGIN { printf \"%.1f\", $end - $start }"
}
quiet=(); busy=()
for r in $(seq "$runs"); do quiet+=("$(train "quiet-$r")"); done
hogs=()
for _ in $(seq "$(nproc)"); do (while :; do :; done) & hogs+=($!); done
trap 'kill ${hogs[*]} 2>/dev/null; rm -rf "$out"' EXIT
for r in $(seq "$runs"); do busy+=("$(train "busy-$r")"); done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
q=$(median "${quiet[@]}"); b=$(median "${busy[@]}")
echo "trainer $trainer: quiet ${quiet[*]} s (median $q), beside $(nproc) CPU-bound processes ${busy[*]} s (median $b); busy / quiet $(awk "BEGIN { printf \"%.2f\", $b / $q }")"
