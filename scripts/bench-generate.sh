#!/usr/bin/env bash
# Benchmark: simulate 100,000 accounts over 90 days (Release build), then import them into SQLite.
# Prints wall time and peak memory of each step. Usage: scripts/bench-generate.sh [accounts] [days]
set -euo pipefail
cd "$(dirname "$0")/.."
accounts=${1:-100000}; days=${2:-90}
source scripts/bench-common.sh
measure() { /usr/bin/time -f "%e s wall, %M KiB peak, exit code %x" "$@" 2>&1 >/dev/null | tail -n 1; }
echo "generate $accounts accounts x $days days: $(measure dotnet $repay generate --accounts "$accounts" --days "$days" --seed 1 --out "$out/data")"
du -sh "$out/data" | awk '{print "output size: " $1}'
wc -l "$out"/data/*.csv | tail -n 1 | awk '{print "rows (with headers): " $1}'
echo "import into SQLite: $(measure dotnet $repay import "$out/data" --store "$out/store.db")"
