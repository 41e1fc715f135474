#!/usr/bin/env bash
# Executes every notebook headless on data-samples (jupyter nbconvert --execute) and fails if any
# cell raises; also fails if a notebook in git holds outputs (they are stripped before committing).
# Prints "notebook ok: NAME" or "notebook FAILED: NAME" per notebook and, last, "N passed, N failed".
# Executed copies and everything the notebooks write go to $NOTEBOOK_OUT (default artifacts/notebooks/),
# emptied at start.
# Usage: scripts/notebooks.sh [notebooks/NAME.ipynb ...]
set -euo pipefail
cd "$(dirname "$0")/.."
python=/usr/bin/python3   # Debian's interpreter: the first python3 on PATH may lack the Debian packages
if ! $python -c "import nbconvert" 2>/dev/null; then
  echo "notebooks need Debian's jupyter-nbconvert (scripts/setup.sh installs it)" >&2
  exit 2
fi
# The .NET kernel for the C# notebooks: the dotnet-interactive tool, registered with Jupyter once.
export PATH="$PATH:$HOME/.dotnet/tools"
if ! command -v dotnet-interactive >/dev/null; then
  echo "notebooks: installing the .NET kernel (dotnet-interactive 1.0.712001)" >&2
  dotnet tool install -g Microsoft.dotnet-interactive --version 1.0.712001 >/dev/null
fi
if [ ! -d "$HOME/.local/share/jupyter/kernels/.net-csharp" ]; then
  mkdir -p "$HOME/.local/share/jupyter/kernels"
  dotnet interactive jupyter install >/dev/null
fi
# The C# notebooks reference the project's assemblies from this build.
dotnet build src/RepaymentScoring.Cli -c Release -v quiet -nologo >/dev/null
export REPAY="dotnet $PWD/src/RepaymentScoring.Cli/bin/Release/net10.0/repay.dll"
export REPAY_DATA="${REPAY_DATA:-$PWD/data-samples}"
out=${NOTEBOOK_OUT:-$PWD/artifacts/notebooks}
rm -rf "$out"; mkdir -p "$out"
export REPAY_WORK="$out/work"
# The SDK's restores for the notebooks' #r lines leave empty temporary folders: keep them in $out too.
export TMPDIR="$out/tmp"; mkdir -p "$TMPDIR"
notebooks=("$@")
[ ${#notebooks[@]} -eq 0 ] && notebooks=(notebooks/*.ipynb)
passed=0; failed=0
for nb in "${notebooks[@]}"; do
  name=$(basename "$nb" .ipynb)
  if ! $python - "$nb" <<'PY'
import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
if dirty:
    sys.exit(f"{sys.argv[1]}: cells {dirty} hold outputs; strip them before committing (jupyter nbconvert --clear-output --inplace)")
PY
  then
    echo "notebook FAILED: $name (outputs in git)"; failed=$((failed + 1)); continue
  fi
  if (cd "$(dirname "$nb")" && $python -m jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=1200 --output-dir "$out" "$(basename "$nb")") >"$out/$name.log" 2>&1; then
    echo "notebook ok: $name"; passed=$((passed + 1))
  else
    echo "notebook FAILED: $name"; grep -E "Error|error" "$out/$name.log" | tail -n 15; failed=$((failed + 1))
  fi
done
echo "executed notebooks in $out"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
