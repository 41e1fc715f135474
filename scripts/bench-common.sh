# Sourced by the bench-*.sh scripts: a Release build of repay and a scratch folder removed on exit.
# Sets $repay (the CLI to run with dotnet) and $out (the scratch folder).
dotnet build src/RepaymentScoring.Cli -c Release -v quiet -nologo >/dev/null
repay=src/RepaymentScoring.Cli/bin/Release/net10.0/repay.dll
mkdir -p artifacts; out=$(mktemp -d "$PWD/artifacts/bench.XXXXXX")
trap 'rm -rf "$out"' EXIT
