#!/usr/bin/env bash
# Runs every test: installs what is missing, starts a throwaway PostgreSQL for the store suite,
# runs the solution's tests and ends with one plain line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

eval "$(scripts/postgres.sh start)"
results=$(mktemp -d /tmp/repay-results.XXXXXX)
cleanup() { scripts/postgres.sh stop "$REPAY_PG_DIR"; rm -rf "$results"; }
trap cleanup EXIT

status=0
dotnet test RepaymentScoring.sln --logger "trx" --results-directory "$results" "$@" || status=$?

summary=$(python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)
for f in files:
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout")) + int(c.get("aborted"))
    skipped += int(c.get("notExecuted"))
if not files:
    failed += 1  # the build failed before any test ran
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
)
echo "$summary"
case "$summary" in *" 0 failed,"*) exit "$status" ;; *) exit 1 ;; esac
