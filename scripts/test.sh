#!/usr/bin/env bash
# Runs every test: installs what is missing, starts a throwaway PostgreSQL for the store suite,
# runs the solution's tests and ends with one plain line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

eval "$(scripts/postgres.sh start)"
# Run output (test results, portfolios, executed notebooks) goes to artifacts/test, cleaned at each start.
results="$PWD/artifacts/test"
rm -rf "$results"; mkdir -p "$results"
# Temporary files of the SDK, the browser and the tests stay in the run's folder, not in /tmp.
export TMPDIR="$results/tmp"; mkdir -p "$TMPDIR"
cleanup() { scripts/postgres.sh stop "$REPAY_PG_DIR"; }
trap cleanup EXIT

status=0
dotnet test RepaymentScoring.sln --logger "trx" --results-directory "$results" "$@" || status=$?

# The independent plans checker (../shared, present on project machines and in CI; optional elsewhere):
# plans of simulated portfolios, under both compliance profiles, must show no problem.
checks_passed=0; checks_failed=0; checks_skipped=0
checker=../shared/tools/check_plans.py
if [ -f "$checker" ]; then
  dotnet build src/RepaymentScoring.Cli -v quiet -nologo >/dev/null
  repay() { dotnet src/RepaymentScoring.Cli/bin/Debug/net10.0/repay.dll "$@"; }
  for profile in cn-default us-regf; do
    data="$results/portfolio-$profile"
    repay generate --accounts 1500 --days 60 --seed 7 --profile "$profile" --out "$data" >/dev/null 2>&1
    if Compliance__Profile=$profile repay score --from "$data" --as-of 2026-03-06T00:00:00Z --out "$data/plans.csv" --models models >/dev/null 2>&1 \
       && /usr/bin/python3 "$checker" "$data" "$data/plans.csv" --as-of 2026-03-06T00:00:00Z --profile "$profile" | tail -n 1; then
      checks_passed=$((checks_passed + 1))
    else
      echo "check_plans.py found problems in the plans ($profile)"; checks_failed=$((checks_failed + 1))
    fi
  done
else
  echo "../shared/tools/check_plans.py absent: the independent plans check is skipped"; checks_skipped=2
fi

# Methods over 60 lines must each carry a reason (scripts/long-methods.txt): one test.
if python3 scripts/long-methods.py > "$results/long-methods.log" 2>&1; then
  checks_passed=$((checks_passed + 1))
else
  cat "$results/long-methods.log"; checks_failed=$((checks_failed + 1))
fi

# The docs check (scripts/docs-check.py): documented commands run or checked against --help; one test.
dotnet build src/RepaymentScoring.Cli -c Release -v quiet -nologo >/dev/null
if python3 scripts/docs-check.py > "$results/docs-check.log" 2>&1; then
  checks_passed=$((checks_passed + 1))
else
  grep -v -E ": (runs|checked against --help only):" "$results/docs-check.log" | tail -n 20; checks_failed=$((checks_failed + 1))
fi

# Every notebook, executed headless on data-samples (scripts/notebooks.sh), counts as one test.
notebooks_status=0
notebooks_log="$results/notebooks.log"
NOTEBOOK_OUT="$results/notebooks" scripts/notebooks.sh >"$notebooks_log" 2>&1 || notebooks_status=$?
grep -E "^notebook " "$notebooks_log" || true
if [ "$notebooks_status" -eq 2 ]; then
  echo "notebooks skipped: $(tail -n 1 "$notebooks_log")"; checks_skipped=$((checks_skipped + $(ls notebooks/*.ipynb | wc -l)))
else
  line=$(grep -E "^[0-9]+ passed, [0-9]+ failed$" "$notebooks_log" | tail -n 1 || true)
  if [ -z "$line" ]; then
    tail -n 20 "$notebooks_log"; checks_failed=$((checks_failed + 1))
  else
    checks_passed=$((checks_passed + ${line%% passed*})); nb_failed=${line#*passed, }; checks_failed=$((checks_failed + ${nb_failed%% failed}))
  fi
fi

summary=$(python3 - "$results" "$checks_passed" "$checks_failed" "$checks_skipped" "$status" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed, failed, skipped = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
files = glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)
for f in files:
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout")) + int(c.get("aborted"))
    skipped += int(c.get("notExecuted"))
if (not files or int(sys.argv[5]) != 0) and failed == 0:
    failed += 1  # a test project did not build, or the run stopped: dotnet test failed with no failed test to count
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
)
echo "$summary"
case "$summary" in *" 0 failed,"*) exit "$status" ;; *) exit 1 ;; esac
