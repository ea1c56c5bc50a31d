#!/usr/bin/env bash
# Runs the whole test suite. As root it first installs what the tests need (Chromium, chromedriver,
# ffmpeg, Mahimahi and its network setup) via the idempotent scripts in testbed-scripts/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
if [[ "$(id -u)" == 0 ]]; then
  for script in testbed-scripts/install-browser.sh testbed-scripts/setup.sh; do
    if [[ -x "$script" ]]; then
      echo "test.sh: running $script" >&2
      "./$script"
    fi
  done
else
  echo "test.sh: not root, so system packages are not installed; tests that need Chromium or Mahimahi skip" >&2
fi
# The data sets: $NETLLM_DATA, else ../shared/data next to the project (the documented default).
if [[ -z "${NETLLM_DATA:-}" ]]; then
  export NETLLM_DATA="$(cd "$root/.." && pwd)/shared/data"
fi
if [[ ! -d "$NETLLM_DATA/abr" ]]; then
  echo "test.sh: the data sets are not at $NETLLM_DATA; set NETLLM_DATA to the folder holding abr/, vp/ and cjs/" >&2
  exit 2
fi
exec mvn -B verify "$@"
