#!/usr/bin/env bash
# The main job, as far as it exists today: install what is missing, build, create the embedded
# SQLite store and seed it from data-samples (idempotent: a second run adds nothing), show it.
# Training and the scoring API join this script when their issues land.
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
echo "Store ready at $store. The scoring API (issue 6) and training (issue 3) are not built yet."
