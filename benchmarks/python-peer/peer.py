"""A Python scoring peer for the API's load benchmark: FastAPI + uvicorn serving the same XGBoost
model file the project serves, scoring one account's candidate feature rows per request.

    REPAY_MODEL_FILE=models/default/<version>/response.json \\
        /usr/bin/python3 -m uvicorn peer:app --app-dir benchmarks/python-peer --port 5098
    POST /score {"rows": [[f1, f2, ...], ...]}  ->  {"probabilities": [...]}   (null = missing)

    /usr/bin/python3 benchmarks/python-peer/peer.py check MODEL.json EXPORT.csv
        scores `repay features export --with-predictions` rows and fails unless they equal the
        project's `predicted` column (the same result, row for row).
"""
import os
import sys

import numpy as np
import xgboost as xgb

ROW_COLUMNS = ["account_id", "contact_id", "decided_at", "channel", "split", "label", "weight", "recovered",
               "treatment_probability", "predicted"]


def load(path):
    booster = xgb.Booster(model_file=path)
    # One core per process, like the project's API pinned to one core in the benchmark.
    booster.set_param({"nthread": 1})
    return booster


def score(booster, rows):
    matrix = np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=np.float32)
    return booster.predict(xgb.DMatrix(matrix, missing=np.nan)).tolist()


def create_app(model_file):
    from fastapi import FastAPI, HTTPException
    from pydantic import BaseModel

    booster = load(model_file)
    features = booster.num_features()
    app = FastAPI(title="RepaymentScoring Python peer")

    class Rows(BaseModel):
        rows: list[list[float | None]]

    @app.get("/health")
    def health():
        return {"model": model_file, "features": features}

    @app.post("/score")
    def score_rows(body: Rows):
        if not body.rows or any(len(r) != features for r in body.rows):
            raise HTTPException(status_code=422, detail=f"each row needs {features} values")
        return {"probabilities": score(booster, body.rows)}

    return app


if "REPAY_MODEL_FILE" in os.environ:
    app = create_app(os.environ["REPAY_MODEL_FILE"])


def check(model_file, export):
    import pandas as pd
    frame = pd.read_csv(export, low_memory=False)
    names = [c for c in frame.columns if c not in ROW_COLUMNS]
    rows = frame[names].astype("float32").to_numpy()
    python = np.array(score(load(model_file), [[None if np.isnan(v) else float(v) for v in r] for r in rows]))
    difference = np.abs(python - frame["predicted"].to_numpy()).max()
    print(f"python peer: {len(rows)} rows, largest difference from the project's predictions {difference:.2e}")
    return difference < 1e-6


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "check":
        sys.exit(0 if check(sys.argv[2], sys.argv[3]) else 1)
    sys.exit(__doc__)
