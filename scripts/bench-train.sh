#!/usr/bin/env bash
# Benchmark: train end to end (features, both models, evaluation, publish) on a simulated portfolio
# of about 1,000,000 contacts (100,000 accounts over 120 days). Prints wall time and peak memory.
# Usage: scripts/bench-train.sh [accounts] [days]
set -euo pipefail
cd "$(dirname "$0")/.."
accounts=${1:-100000}; days=${2:-120}
dotnet build src/RepaymentScoring.Cli -c Release -v quiet -nologo >/dev/null
repay=src/RepaymentScoring.Cli/bin/Release/net10.0/repay.dll
mkdir -p artifacts; work=$(mktemp -d "$PWD/artifacts/bench-train.XXXXXX")
trap 'rm -rf "$work"' EXIT
dotnet $repay generate --accounts "$accounts" --days "$days" --seed 1 --out "$work/data" >/dev/null 2>&1
echo "contacts: $(($(wc -l < "$work/data/contacts.csv") - 1)), snapshots: $(($(wc -l < "$work/data/account_snapshots.csv") - 1))"
/usr/bin/time -f "train: %e s wall, %M KiB peak, exit code %x" dotnet $repay train --from "$work/data" --models "$work/models" 2>&1 >"$work/train.log" | grep -v "^train: [a-z]* [0-9]" | tail -n 1
grep -E "propensity|response" "$work/train.log" | head -n 4
