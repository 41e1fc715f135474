#!/usr/bin/env bash
# Benchmark: `repay score` end to end on a simulated portfolio (Release build, the committed default
# model, reasons included as repay score always writes them), with 1 thread and with every core.
# Prints the command's own planning time and rate (reading the files excluded) and checks that
# plans.csv is the same for both thread counts. Usage: scripts/bench-score.sh [accounts] [days]
set -euo pipefail
cd "$(dirname "$0")/.."
accounts=${1:-50000}; days=${2:-60}
source scripts/bench-common.sh
dotnet $repay generate --accounts "$accounts" --days "$days" --seed 7 --out "$out/data" >/dev/null 2>&1
# The portfolio's last snapshot day: every account in collection then is planned.
as_of=$(tail -n +2 "$out/data/account_snapshots.csv" | cut -d, -f2 | sort | tail -n 1)
for threads in 1 "$(nproc)"; do
  dotnet $repay score --from "$out/data" --as-of "${as_of}T00:00:00Z" --out "$out/plans-$threads.csv" --threads "$threads" 2>/dev/null | tail -n 1
done
if cmp -s "$out/plans-1.csv" "$out/plans-$(nproc).csv"; then echo "plans.csv identical for 1 and $(nproc) threads"; else echo "plans.csv differ between thread counts"; exit 1; fi
