#!/usr/bin/env bash
# Benchmark (not part of CI): the response model of repay train (ML.NET) against scikit-learn's
# HistGradientBoostingClassifier and xgboost on the same matrix and the same out-of-time test rows.
# The matrix is repay features export's (CSV; .parquet works the same for pandas with pyarrow).
# Installs Debian's python3-sklearn, python3-pandas and python3-xgboost when missing.
# Usage: scripts/compare-python.sh [accounts] [days]
set -euo pipefail
cd "$(dirname "$0")/.."
accounts=${1:-20000}; days=${2:-120}
missing=(); for p in python3-sklearn python3-pandas python3-xgboost; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd=sudo; DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null; fi
source scripts/bench-common.sh
dotnet $repay generate --accounts "$accounts" --days "$days" --seed 1 --out "$out/data" >/dev/null 2>&1
start=$(date +%s.%N)
dotnet $repay train --from "$out/data" --models "$out/models" --no-refit >/dev/null 2>&1
echo "ML.NET (repay train, FastTree, the three models and evaluation): $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $start }") s"
version=$(cat "$out/models/default/current")
dotnet $repay features export --from "$out/data" --model response --out "$out/response.csv" --models "$out/models" --version "$version" --with-predictions >/dev/null 2>&1
/usr/bin/python3 - "$out/response.csv" "$out/models/default/$version/evaluation.json" <<'PY'
import json, sys, time
import numpy as np, pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
import xgboost as xgb
frame = pd.read_csv(sys.argv[1], low_memory=False)
features = list(frame.columns[frame.columns.get_loc("predicted") + 1:])
train, test = frame[frame["split"] == "train"], frame[frame["split"] == "test"]
x, y, xt, yt = train[features].astype("float32"), train["label"], test[features].astype("float32"), test["label"]
print(f"matrix: {len(frame):,} rows x {len(features)} features; train {len(train):,}, out-of-time test {len(test):,}")
print(f"ML.NET served model (FastTree, levels, reach) on the test rows: AUC {roc_auc_score(yt, test['predicted']):.4f} (evaluation.json: {json.load(open(sys.argv[2]))['response']['auc']:.4f})")
for name, model in [("scikit-learn HistGradientBoosting (400 iterations, 32 leaves, lr 0.05)",
                     HistGradientBoostingClassifier(max_iter=400, max_leaf_nodes=32, learning_rate=0.05, early_stopping=False, random_state=1)),
                    ("xgboost (400 trees, depth 5, hist, lr 0.05)",
                     xgb.XGBClassifier(n_estimators=400, max_depth=5, learning_rate=0.05, tree_method="hist", random_state=1))]:
    started = time.time()
    model.fit(x, y)
    print(f"{name}: AUC {roc_auc_score(yt, model.predict_proba(xt)[:, 1]):.4f} in {time.time() - started:.1f} s")
PY
