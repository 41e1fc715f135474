#!/usr/bin/env bash
# Side by side with the Python stack (issue 7): on one simulated portfolio, `repay train` fits the
# response model; `repay features export --with-predictions` writes the same rows, split and weights
# with the project's predictions; then Python xgboost (the manifest's parameters) and scikit-learn's
# HistGradientBoostingClassifier train on the same train rows, stop on the same valid rows, and all
# three are scored on the same out-of-time test rows. Prints one markdown table (docs/benchmarks.md).
# Response rows are about 7.2 per account over 120 days: 14000 accounts give about 100,000 rows,
# 140000 about 1,000,000 (the 1M run peaks at about 4.3 GB and takes about 7 minutes on 2 cores).
# Usage: scripts/compare-python.sh [accounts=14000] [days=120]
set -euo pipefail
cd "$(dirname "$0")/.."
accounts=${1:-14000}; days=${2:-120}
python=/usr/bin/python3
work=$(mktemp -d /tmp/repay-compare.XXXXXX)
trap 'rm -rf "$work"' EXIT
dotnet build src/RepaymentScoring.Cli -c Release -v quiet -nologo >/dev/null
cp -r src/RepaymentScoring.Cli/bin/Release/net10.0 "$work/bin"
repay="dotnet $work/bin/repay.dll"
$repay generate --accounts "$accounts" --days "$days" --seed 1 --out "$work/data" >/dev/null 2>&1
/usr/bin/time -f "%e %M" -o "$work/timing" $repay train --from "$work/data" --models "$work/models" --seed 42 >/dev/null 2>&1
version=$(cat "$work/models/default/current")
$repay features export --from "$work/data" --model response --models "$work/models" --version "$version" --with-predictions --out "$work/matrix.csv" >/dev/null 2>&1
$python - "$work/models/default/$version/manifest.json" "$work/params.json" <<'PY'
import json, sys
manifest = json.load(open(sys.argv[1]))
parameters = dict(manifest["parameters"]["response"])
# The C# trainer's defaults (TrainingSettings.Response): 600 rounds at most, stop after 40 without improvement.
json.dump({"parameters": parameters, "max_rounds": 600, "early_stopping_rounds": 40}, open(sys.argv[2], "w"))
PY
$python scripts/compare_python.py project "$work/matrix.csv" "$work/models/default/$version/manifest.json" response "$work/timing" "$work/project.json"
$python scripts/compare_python.py fit xgboost "$work/matrix.csv" "$work/params.json" "$work/xgboost.json"
$python scripts/compare_python.py fit sklearn "$work/matrix.csv" "$work/params.json" "$work/sklearn.json"
echo "portfolio: $accounts accounts x $days days (seed 1); repay train end to end: $(cut -d' ' -f1 "$work/timing") s, peak $(( $(cut -d' ' -f2 "$work/timing") / 1024 )) MiB (features, both models, evaluation)"
$python scripts/compare_python.py table "$work/project.json" "$work/xgboost.json" "$work/sklearn.json"
