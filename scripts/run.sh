#!/usr/bin/env bash
# The main job, as far as it exists today: install what is missing, build, create the embedded
# SQLite store and seed it from data-samples (idempotent: a second run adds nothing), check that
# the committed model fits this build and retrain it if not. The scoring API joins when it lands.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dotnet build src/RepaymentScoring.Cli -c Release -v quiet -nologo >/dev/null
repay() { dotnet src/RepaymentScoring.Cli/bin/Release/net10.0/repay.dll "$@"; }
store=${REPAY_STORE:-data/repayment.db}
mkdir -p "$(dirname "$store")"
repay db migrate --store "$store"
repay import data-samples --store "$store"
repay db status --store "$store"
# Train when no committed model fits this build (its features changed, or none is there).
if ! repay models verify --models models; then
  echo "run: training a model that fits this build from data-samples"
  repay train --from data-samples --models models
fi
echo "Store ready at $store, model $(cat models/default/current) ready. The scoring API (issue 6) is not built yet."
