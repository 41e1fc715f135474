"""Shared helpers for the notebooks: find and run the `repay` CLI, load the contract tables.

Settings come from environment variables so that scripts/notebooks.sh can run the notebooks headless:
REPAY (the command that runs the CLI), REPAY_DATA (a CSV folder or SQLite store), REPAY_MODELS
(a model registry folder) and REPAY_WORK (where notebooks write their own files).
"""
import os
import pathlib
import shlex
import sqlite3
import subprocess
import tempfile

import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parent.parent
TABLES = ["accounts", "account_snapshots", "contacts", "payments"]


def repay_command():
    """The CLI as a list of arguments: $REPAY, else the Release build, else `dotnet run`."""
    if os.environ.get("REPAY"):
        return shlex.split(os.environ["REPAY"])
    built = ROOT / "src/RepaymentScoring.Cli/bin/Release/net10.0/repay.dll"
    if built.exists():
        return ["dotnet", str(built)]
    return ["dotnet", "run", "--project", str(ROOT / "src/RepaymentScoring.Cli"), "-c", "Release", "--"]


def repay(*args):
    """Runs `repay ARGS...` from the repository root and returns its standard output; raises with its error output."""
    done = subprocess.run(repay_command() + [str(a) for a in args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"repay {' '.join(map(str, args))} exited {done.returncode}:\n{done.stderr}\n{done.stdout}")
    return done.stdout


def data_source():
    return pathlib.Path(os.environ.get("REPAY_DATA", ROOT / "data-samples"))


def models_folder():
    return pathlib.Path(os.environ.get("REPAY_MODELS", ROOT / "models"))


def work_dir(name):
    """A folder for a notebook's own files: under $REPAY_WORK, else a new temporary folder."""
    base = os.environ.get("REPAY_WORK")
    folder = pathlib.Path(base) / name if base else pathlib.Path(tempfile.mkdtemp(prefix=f"repay-{name}-"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def load_tables(source=None):
    """The four contract tables from a folder of CSV files or a SQLite store, timestamps as UTC."""
    source = pathlib.Path(source or data_source())
    if source.is_dir():
        tables = {t: pd.read_csv(source / f"{t}.csv") for t in TABLES}
    else:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as db:
            tables = {t: pd.read_sql_query(f"SELECT * FROM {t}", db) for t in TABLES}
    tables["contacts"]["contacted_at"] = pd.to_datetime(tables["contacts"]["contacted_at"], utc=True)
    tables["payments"]["paid_at"] = pd.to_datetime(tables["payments"]["paid_at"], utc=True)
    tables["account_snapshots"]["as_of"] = pd.to_datetime(tables["account_snapshots"]["as_of"]).dt.tz_localize("UTC")
    return tables


def stage(dpd):
    """The planner's stage names: early under 30 DPD, middle 30 to 90, late over 90 (current at 0)."""
    return pd.cut(dpd, [-1, 0, 29, 90, 10_000], labels=["current", "early", "middle", "late"])


def paid_within(events, at_column, payments, days):
    """For each row of `events`, whether the account paid within `days` after `at_column`."""
    left = events[["account_id", at_column]].reset_index().sort_values(at_column)
    right = payments[["account_id", "paid_at"]].sort_values("paid_at")
    merged = pd.merge_asof(left, right, left_on=at_column, right_on="paid_at", by="account_id", direction="forward",
                           allow_exact_matches=False)
    merged = merged.set_index("index").sort_index()
    return (merged["paid_at"] - merged[at_column]) <= pd.Timedelta(days=days)
