#!/usr/bin/env bash
# Closed-loop check: train on one simulated portfolio (seed 18), then run the learned,
# rules and random policies for D days on N-account portfolios of five other seeds and print one
# row per seed and policy. Every figure in docs/validation.md's closed-loop table comes from here.
# Usage: scripts/closed-loop.sh [accounts=10000] [days=60] [training accounts=20000] [profile=cn-default] [policies="learned rules random"]
# (the rules and random rows do not depend on the model: "learned" alone re-measures a model change)
set -euo pipefail
cd "$(dirname "$0")/.."
accounts=${1:-10000}; days=${2:-60}; training=${3:-20000}; profile=${4:-cn-default}; policies=${5:-learned rules random}
mkdir -p artifacts; work=$(mktemp -d "$PWD/artifacts/closed-loop.XXXXXX")
trap 'rm -rf "$work"' EXIT
# A private copy of the build: rebuilding the repository meanwhile does not change this run.
dotnet build src/RepaymentScoring.Cli -c Release -v quiet -nologo >/dev/null
cp -r src/RepaymentScoring.Cli/bin/Release/net10.0 "$work/bin"
repay="dotnet $work/bin/repay.dll"
export Compliance__Profile="$profile"
$repay generate --accounts "$training" --days 120 --seed 18 --profile "$profile" --out "$work/training" >/dev/null 2>&1
$repay train --from "$work/training" --models "$work/models" --seed 3 >/dev/null 2>&1
echo "trained on seed 18 ($training accounts x 120 days, $profile); $accounts accounts x $days days per run"
printf '%-5s %-8s %14s %12s %14s %9s %10s %8s %6s %10s\n' seed policy recovered cost net contacts complaints opt_outs cures violations
for seed in 101 102 103 104 105; do
  for policy in $policies; do
    $repay simulate --policy $policy --accounts "$accounts" --days "$days" --seed $seed --models "$work/models" --out "$work/$policy-$seed.csv" >/dev/null 2>&1
    tail -n 1 "$work/$policy-$seed.csv" | awk -F, -v s=$seed -v p=$policy '
      NR==1 { n=split($0,f,","); printf "%-5s %-8s %14s %12s %14s %9s %10s %8s %6s %10s\n", s, p, f[7], f[8], f[9], f[10], f[n-4], f[n-3], f[n-2], f[n-1] }'
  done
done
