#!/usr/bin/env bash
# Soak test of the scoring API (not part of CI): [minutes] of mixed load (single plans, batches,
# stored accounts' plans and scores, health, metrics) while a new model version is published every
# minute, one of them broken (its manifest lists no features). Prints failed requests (wrk's non-2xx
# and socket errors), the versions served, and resident memory at minute 2 and at the end.
# Usage: scripts/soak.sh [minutes] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}; connections=${2:-8}
command -v wrk >/dev/null || { sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd=sudo; $sudo_cmd apt-get install -y -qq wrk >/dev/null; }
dotnet build src/RepaymentScoring.Cli -c Release -v quiet -nologo >/dev/null
dotnet build src/RepaymentScoring.Api -c Release -v quiet -nologo >/dev/null
mkdir -p artifacts; work=$(mktemp -d "$PWD/artifacts/soak.XXXXXX")
cp -r models "$work/models"
dotnet src/RepaymentScoring.Cli/bin/Release/net10.0/repay.dll import data-samples --store "$work/store.db" >/dev/null
key=soak-key; hash=$(printf %s "$key" | sha256sum | cut -d' ' -f1); port=5097
Api__ModelsFolder="$work/models" Api__ReloadPollSeconds=1 ConnectionStrings__Store="$work/store.db" Auth__Keys__0__Name=soak Auth__Keys__0__Hash=$hash \
  Auth__Keys__0__Role=admin Audit__LogSecret=soak-only-secret-of-at-least-32-characters RateLimit__PermitsPerSecond=1000000 RateLimit__Burst=1000000 \
  Logging__LogLevel__Default=Warning dotnet src/RepaymentScoring.Api/bin/Release/net10.0/RepaymentScoring.Api.dll --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; kill $(jobs -p) 2>/dev/null; true' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done

single=$(tr -d '\n' <<'JSON'
{"as_of": "2026-03-02T01:00:00Z", "account": {"account_id": "A1", "product": "personal_loan", "opened_on": "2023-03-01", "time_zone": "Asia/Shanghai", "customer_age": 41, "employment": "employed", "income_band": "middle", "digital_engagement": 12, "bureau_score": 610}, "snapshots": [{"as_of": "2026-03-02", "days_past_due": 40, "amount_due": 800, "balance": 2400}], "contacts": [{"contact_id": "C1", "contacted_at": "2026-02-23T11:00:00Z", "channel": "phone", "outcome": "no_answer", "cadence_days": 7}], "payments": []}
JSON
)
cat > "$work/mixed.lua" <<LUA
local single = [==[$single]==]
local batch = "[" .. string.rep(single .. ",", 9) .. single .. "]"
local n = 0
request = function()
  n = n + 1
  local k = n % 10
  local h = { ["X-Api-Key"] = "$key", ["Content-Type"] = "application/json" }
  if k < 4 then return wrk.format("POST", "/v1/plans", h, single)
  elseif k < 5 then return wrk.format("POST", "/v1/plans/batch", h, batch)
  elseif k < 7 then return wrk.format("GET", string.format("/v1/accounts/A%07d/plan", 1 + n % 2000), h)
  elseif k < 9 then return wrk.format("GET", string.format("/v1/accounts/A%07d/scores", 1 + n % 2000), h)
  elseif n % 20 == 9 then return wrk.format("GET", "/metrics", h)
  else return wrk.format("GET", "/health/ready", h) end
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d (%.0f/s), p99 %.1f ms, failed (non-2xx or socket errors) %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

rss() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$server/status"; }
good=$(cat "$work/models/default/current")
publish() { # $1: version name, $2: broken or good; each is a copy of the version served at the start
  local folder="$work/models/default" v=$good
  cp -r "$folder/$v" "$folder/.staging-$1"; sed -i "s/$v/$1/g" "$folder/.staging-$1/manifest.json"
  if [ "$2" = broken ]; then python3 - "$folder/.staging-$1/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); m["features"] = None; json.dump(m, open(sys.argv[1], "w"))
PY
  fi
  mv "$folder/.staging-$1" "$folder/$1"; echo "$1" > "$folder/.current-soak"; mv "$folder/.current-soak" "$folder/current"
}
(
  for m in $(seq 1 $((minutes - 1))); do
    sleep 60
    name="20990101T$(printf '%02d' "$m")0000Z-${good: -8}"
    if [ "$m" -eq $((minutes / 2)) ]; then publish "$name" broken; else publish "$name" good; fi
    [ "$m" -eq 2 ] && echo "minute 2: resident memory $(rss) MiB" >>"$work/memory.txt"
  done
) &
echo "soak: ${minutes} min of mixed load on $connections connections, a version published every minute (the one at minute $((minutes / 2)) broken)"
wrk -t2 -c"$connections" -d"$((minutes * 60))s" -s "$work/mixed.lua" "http://127.0.0.1:$port" | tail -n 1
echo "minute $minutes: resident memory $(rss) MiB" >>"$work/memory.txt"
cat "$work/memory.txt"
echo "served at the end: $(curl -s "http://127.0.0.1:$port/health/ready")"
echo "refusals logged: $(grep -c 'Refused model version' "$work/server.log" || true)"
