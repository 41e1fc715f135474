#!/usr/bin/env bash
# Load benchmark of the scoring API: the service in Release on loopback, pinned to core 0, driven by
# wrk pinned to core 1, for single plans then batches of 10; one model reload happens mid-run.
# Each endpoint is first driven unmeasured for [warm-up seconds]: the runtime compiles hot methods
# again with optimisations (tiered compilation) only after a quiet window of 100 ms, ten times
# longer on one core, so a server pinned to one core reaches its steady rate after about a minute
# of load (docs/benchmarks.md), one on several cores within seconds.
# Usage: scripts/bench-api.sh [seconds per run] [connections] [warm-up seconds] [reasons exact|approximate]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}; connections=${2:-32}; warmup=${3:-60}; reasons=${4:-exact}
case "$reasons" in exact) reasons_setting=Exact ;; approximate) reasons_setting=Approximate ;; *) echo "reasons: exact or approximate, not '$reasons'" >&2; exit 2 ;; esac
command -v wrk >/dev/null || { sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd=sudo; $sudo_cmd apt-get install -y -qq wrk >/dev/null; }
dotnet build src/RepaymentScoring.Api -c Release -v quiet -nologo >/dev/null
mkdir -p artifacts; work=$(mktemp -d "$PWD/artifacts/bench-api.XXXXXX")
cp -r models "$work/models"
key=bench-key; hash=$(printf %s "$key" | sha256sum | cut -d' ' -f1); port=5099
Planning__Reasons=$reasons_setting Api__ModelsFolder="$work/models" Api__ReloadPollSeconds=1 Auth__Keys__0__Name=bench Auth__Keys__0__Hash=$hash Auth__Keys__0__Role=admin Audit__LogSecret=bench-only-secret-of-at-least-32-characters \
  Logging__LogLevel__Default=Warning taskset -c 0 dotnet src/RepaymentScoring.Api/bin/Release/net10.0/RepaymentScoring.Api.dll --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done

single=$(tr -d '\n' <<'JSON'
{"as_of": "2026-03-02T01:00:00Z", "account": {"account_id": "A1", "product": "personal_loan", "opened_on": "2023-03-01", "time_zone": "Asia/Shanghai", "customer_age": 41, "employment": "employed", "income_band": "middle", "digital_engagement": 12, "bureau_score": 610}, "snapshots": [{"as_of": "2026-03-02", "days_past_due": 40, "amount_due": 800, "balance": 2400}], "contacts": [{"contact_id": "C1", "contacted_at": "2026-02-23T11:00:00Z", "channel": "phone", "outcome": "no_answer", "cadence_days": 7}], "payments": []}
JSON
)
batch="[$(for i in $(seq 10); do printf '%s' "$single"; if [ "$i" -lt 10 ]; then printf ','; fi; done)]"
lua() { cat > "$work/$1.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = "$key"
wrk.body = [==[${2:-}]==]
${3:-}
done = function(summary, latency, requests)
  io.write(string.format("requests/s %.0f, p50 %.2f ms, p99 %.2f ms, non-2xx or errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
}
lua single "$single"; lua batch "$batch"

echo "warming up: ${warmup}s of single plans, then $((warmup / 3))s of batches (not measured; reasons $reasons)"
taskset -c 1 wrk -t1 -c"$connections" -d"${warmup}s" -s "$work/single.lua" "http://127.0.0.1:$port/v1/plans" >/dev/null
taskset -c 1 wrk -t1 -c"$connections" -d"$((warmup / 3))s" -s "$work/batch.lua" "http://127.0.0.1:$port/v1/plans/batch" >/dev/null

# Mid-run reload: publish a copy of the current version under a new name, then swap current.
(sleep $((seconds / 2)); v=$(cat "$work/models/default/current"); n="20991231T000000Z-${v: -8}"
 cp -r "$work/models/default/$v" "$work/models/default/.staging-$n"; sed -i "s/$v/$n/g" "$work/models/default/.staging-$n/manifest.json"
 mv "$work/models/default/.staging-$n" "$work/models/default/$n"; echo "$n" > "$work/models/default/.cur"; mv "$work/models/default/.cur" "$work/models/default/current") &
echo "single plans ($connections connections, ${seconds}s, one reload mid-run):"
taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" -s "$work/single.lua" "http://127.0.0.1:$port/v1/plans" | tail -n 1
echo "served after the run: $(curl -s -D - -o /dev/null "http://127.0.0.1:$port/health/ready" | grep -i x-model-version | tr -d '\r')"
echo "batches of 10 ($connections connections, ${seconds}s):"
taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" -s "$work/batch.lua" "http://127.0.0.1:$port/v1/plans/batch" | tail -n 1

