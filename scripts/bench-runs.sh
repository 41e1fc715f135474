#!/usr/bin/env bash
# Benchmark of the strategy teams' queries (docs/benchmarks.md):
#  1. portfolio queries on a stored run of [plans] synthetic plans in a throwaway PostgreSQL server:
#     a filtered first page and summaries, p50/p95 over repeated calls, with their EXPLAIN ANALYZE plans;
#  2. the capacity what-if over the API on a real run of [accounts] simulated accounts
#     (repay generate, then repay score --store), timed with curl.
# Usage: scripts/bench-runs.sh [plans] [accounts]
set -euo pipefail
cd "$(dirname "$0")/.."
plans=${1:-1000000}; accounts=${2:-50000}
source scripts/bench-common.sh
work=$out
eval "$(scripts/postgres.sh start)"
trap 'scripts/postgres.sh stop "$REPAY_PG_DIR"; kill $(jobs -p) 2>/dev/null; rm -rf "$out"; true' EXIT
echo "== $plans plans in PostgreSQL"
dotnet run -c Release --project benchmarks/RepaymentScoring.Benchmarks -- runs "$REPAY_TEST_POSTGRES" "$plans" 50

echo "== what-if on a run of $accounts simulated accounts"
dotnet $repay generate --accounts "$accounts" --days 90 --seed 3 --out "$work/data" >/dev/null 2>&1
dotnet $repay score --from "$work/data" --as-of 2026-03-01T00:00:00Z --out "$work/plans.csv" --store "$work/runs.db" --run whatif | tail -n 2
dotnet build src/RepaymentScoring.Api -c Release -v quiet -nologo >/dev/null
key=bench-key; hash=$(printf %s "$key" | sha256sum | cut -d' ' -f1); port=5096
Api__ModelsFolder="$PWD/models" ConnectionStrings__Store="$work/runs.db" Auth__Keys__0__Name=bench Auth__Keys__0__Hash=$hash Auth__Keys__0__Role=analyst \
  Audit__LogSecret=bench-only-secret-of-at-least-32-characters Logging__LogLevel__Default=Warning \
  dotnet src/RepaymentScoring.Api/bin/Release/net10.0/RepaymentScoring.Api.dll --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done
for body in '{"capacity": {"phone": 500}}' '{"capacity": {"phone": 200, "visit": 20}, "budget": 2000}' '{"budget": 500}'; do
  curl -s -o "$work/whatif.json" -w "what-if $body: %{time_total} s, HTTP %{http_code}\n" -X POST "http://127.0.0.1:$port/v1/runs/whatif/what-if" \
    -H "X-Api-Key: $key" -H "Content-Type: application/json" -d "$body"
done
python3 -c "import json; r=json.load(open('$work/whatif.json')); print('accounts', r['accounts'], 'value', round(r['value'],2), 'unconstrained', round(r['unconstrained_value'],2))"
