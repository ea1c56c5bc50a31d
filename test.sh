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
exec mvn -B verify "$@"
