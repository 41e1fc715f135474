#!/usr/bin/env bash
# Installs what RepaymentScoring needs on a Debian machine, only what is missing:
# the PostgreSQL 15 server (store tests), libgomp1 (OpenMP, which LightGbm's native library needs),
# python3 (checkers), jupyter-nbconvert (runs the C# notebooks headless), and chromium with its
# driver (the dashboard's browser test). The notebooks' .NET kernel is installed by scripts/notebooks.sh.
set -euo pipefail

packages=(postgresql libgomp1 python3 tzdata
  jupyter-nbconvert chromium chromium-driver)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2
  exit 1
fi
