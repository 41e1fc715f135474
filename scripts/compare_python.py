"""Side by side with the Python stack, on the rows and split of `repay features export`.

    compare_python.py fit ENGINE MATRIX.csv PARAMS.json OUT.json   (ENGINE: xgboost | sklearn)
    compare_python.py table RESULTS.json...

`fit` trains on the export's train rows (with its weights), stops early on its valid rows, and
scores its out-of-time test rows: AUC, log loss, training seconds (fit only) and the process's peak
memory (loading the matrix included). Run each engine in its own process so peaks do not mix.
Debian's interpreter (/usr/bin/python3) has the packages; see scripts/compare-python.sh.
"""
import json
import resource
import sys
import time

import numpy as np
import pandas as pd
from sklearn.metrics import log_loss, roc_auc_score

ROW_COLUMNS = ["account_id", "contact_id", "decided_at", "channel", "split", "label", "weight", "recovered",
               "treatment_probability", "predicted"]


def load(path):
    frame = pd.read_csv(path, low_memory=False)
    features = [c for c in frame.columns if c not in ROW_COLUMNS]
    parts = {}
    for part in ["train", "valid", "test"]:
        rows = frame[frame["split"] == part]
        parts[part] = (rows[features].to_numpy(dtype=np.float32), rows["label"].to_numpy(), rows["weight"].to_numpy())
    project = frame.loc[frame["split"] == "test", "predicted"].to_numpy() if "predicted" in frame else None
    return parts, project


def fit_xgboost(parts, params, max_rounds, early_stopping):
    import xgboost as xgb
    (xt, yt, wt), (xv, yv, wv) = parts["train"], parts["valid"]
    train = xgb.DMatrix(xt, label=yt, weight=wt, missing=np.nan)
    valid = xgb.DMatrix(xv, label=yv, weight=wv, missing=np.nan)
    started = time.perf_counter()
    booster = xgb.train(params, train, num_boost_round=max_rounds, evals=[(valid, "valid")],
                        early_stopping_rounds=early_stopping, verbose_eval=False)
    seconds = time.perf_counter() - started
    test = xgb.DMatrix(parts["test"][0], missing=np.nan)
    return booster.predict(test, iteration_range=(0, booster.best_iteration + 1)), seconds, booster.best_iteration + 1


def fit_sklearn(parts, params, max_rounds, early_stopping):
    from sklearn.ensemble import HistGradientBoostingClassifier
    (xt, yt, wt), (xv, yv, wv) = parts["train"], parts["valid"]
    # The same depth, learning rate and early stopping on the export's own valid rows (grown 20 rounds at a time).
    model = HistGradientBoostingClassifier(learning_rate=float(params["eta"]), max_depth=int(params["max_depth"]),
                                           min_samples_leaf=int(float(params["min_child_weight"])), max_iter=20,
                                           early_stopping=False, warm_start=True, random_state=int(params["seed"]))
    started = time.perf_counter()
    best, best_rounds = np.inf, 20
    for rounds in range(20, max_rounds + 1, 20):
        model.max_iter = rounds
        model.fit(xt, yt, sample_weight=wt)
        loss = log_loss(yv, model.predict_proba(xv)[:, 1], sample_weight=wv)
        if loss < best - 1e-7:
            best, best_rounds = loss, rounds
        elif rounds - best_rounds >= early_stopping:
            break
    if model.max_iter != best_rounds:
        model = HistGradientBoostingClassifier(learning_rate=model.learning_rate, max_depth=model.max_depth,
                                               min_samples_leaf=model.min_samples_leaf, max_iter=best_rounds,
                                               early_stopping=False, random_state=model.random_state)
        model.fit(xt, yt, sample_weight=wt)
    seconds = time.perf_counter() - started
    return model.predict_proba(parts["test"][0])[:, 1], seconds, best_rounds


def fit(engine, matrix, params_path, out):
    settings = json.load(open(params_path))
    parts, _ = load(matrix)
    fitter = {"xgboost": fit_xgboost, "sklearn": fit_sklearn}[engine]
    predicted, seconds, rounds = fitter(parts, settings["parameters"], settings["max_rounds"], settings["early_stopping_rounds"])
    y = parts["test"][1]
    result = {"engine": engine, "rows": int(sum(len(p[1]) for p in parts.values())), "test_rows": int(len(y)),
              "auc": roc_auc_score(y, predicted), "log_loss": log_loss(y, np.clip(predicted, 1e-7, 1 - 1e-7)),
              "fit_seconds": seconds, "rounds": rounds, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    json.dump(result, open(out, "w"))


def project(matrix, manifest_path, seconds_key, timing_path, out):
    """The project's own figures: its predictions of the export's test rows, its fit time and its process's peak."""
    parts, predicted = load(matrix)
    manifest = json.load(open(manifest_path))
    wall, peak_kib = open(timing_path).read().split()
    y = parts["test"][1]
    json.dump({"engine": "project", "rows": int(sum(len(p[1]) for p in parts.values())), "test_rows": int(len(y)),
               "auc": roc_auc_score(y, predicted), "log_loss": log_loss(y, np.clip(predicted, 1e-7, 1 - 1e-7)),
               "fit_seconds": manifest.get("seconds", {}).get(seconds_key, float("nan")), "rounds": manifest["rounds"][seconds_key],
               "peak_mib": int(peak_kib) / 1024, "pipeline_seconds": float(wall)}, open(out, "w"))


def table(paths):
    names = {"project": "this project (repay train, C# + XGBoost C API)", "xgboost": "Python xgboost, same parameters",
             "sklearn": "scikit-learn HistGradientBoostingClassifier"}
    results = [json.load(open(p)) for p in paths]
    print(f"| engine | rows | test rows | AUC | log loss | fit s | rounds | peak MiB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        print(f"| {names[r['engine']]} | {r['rows']:,} | {r['test_rows']:,} | {r['auc']:.4f} | {r['log_loss']:.4f} | "
              f"{r['fit_seconds']:.1f} | {r['rounds']} | {r['peak_mib']:,.0f} |")
    reference = {r["engine"]: r["auc"] for r in results}
    if "project" in reference and "xgboost" in reference:
        print(f"\nAUC difference, project - Python xgboost: {reference['project'] - reference['xgboost']:+.4f}")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "fit":
        fit(*sys.argv[2:6])
    elif command == "project":
        project(*sys.argv[2:7])
    elif command == "table":
        table(sys.argv[2:])
    else:
        sys.exit(__doc__)
