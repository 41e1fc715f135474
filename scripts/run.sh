#!/usr/bin/env bash
# The main job, as far as it exists today: install what is missing, build, create the embedded
# SQLite store and seed it from data-samples (idempotent: a second run adds nothing), check that
# the committed model fits this build and retrain it if not, then serve the scoring API.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "run: building the command-line tool (Release; the first build restores packages and takes a minute)"
dotnet build src/RepaymentScoring.Cli -c Release -v quiet -nologo >/dev/null
repay() { dotnet src/RepaymentScoring.Cli/bin/Release/net10.0/repay.dll "$@"; }
# LightGbm's native library is OpenMP: passive threads sleep rather than spin while they wait (set at launch).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
store=${REPAY_STORE:-data/repayment.db}
mkdir -p "$(dirname "$store")"
echo "run: creating or updating the store $store and seeding it from data-samples"
repay db migrate --store "$store"
# --replace: data-samples is the seed of this store; a regenerated copy overwrites what it changed.
repay import data-samples --store "$store" --replace
repay db status --store "$store"
# Train when no committed model fits this build (its features changed, or none is there).
if ! repay models verify --models models; then
  echo "run: training a model that fits this build from data-samples"
  repay train --from data-samples --models models
fi
# Serve the scoring API. A key is made for this run unless REPAY_API_KEY is set; only its hash is configured.
export REPAY_API_KEY=${REPAY_API_KEY:-$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')}
hash=$(printf %s "$REPAY_API_KEY" | sha256sum | cut -d' ' -f1)
port=${REPAY_PORT:-5080}
# The secret that keys the hashes standing for account ids in logs: made once, kept beside the store.
secret_file="$(dirname "$store")/log-secret"
if [[ ! -s "$secret_file" ]]; then (umask 077; python3 -c 'import secrets; print(secrets.token_urlsafe(48))' >"$secret_file"); fi
echo "run: building the API"
dotnet build src/RepaymentScoring.Api -c Release -v quiet -nologo >/dev/null
api=src/RepaymentScoring.Api/bin/Release/net10.0
echo "Serving on http://127.0.0.1:$port with model $(cat models/default/current)"
echo "API key for this run (admin role): $REPAY_API_KEY"
echo "  export REPAY_API_KEY=$REPAY_API_KEY   # then try the README's curl examples"
# The content root is the build output, so the service reads its appsettings.json (log levels included).
Api__ModelsFolder="$PWD/models" ConnectionStrings__Store="$(realpath -m "$store")" Auth__Keys__0__Name=run Auth__Keys__0__Hash=$hash Auth__Keys__0__Role=admin \
  Audit__LogSecret="$(cat "$secret_file")" exec dotnet "$api/RepaymentScoring.Api.dll" --contentRoot "$PWD/$api" --urls "http://127.0.0.1:$port"
