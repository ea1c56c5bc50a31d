#!/usr/bin/env bash
# Runs the emulated real-world ABR experiments: the same as `./netllm testbed run OPTIONS`, e.g.
#   testbed-scripts/testbed-run.sh --traces fcc-test --count 10 --controllers bba,robust-mpc,netllm:default
# As root it first makes sure Chromium, ffmpeg and Mahimahi are installed and the network is set up (quick when
# already done). Interrupted runs resume: finished (trace, controller) pairs are kept.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ "$(id -u)" == 0 ]]; then
  "$root/testbed-scripts/install-browser.sh"
  "$root/testbed-scripts/setup.sh"
fi
exec "$root/netllm" testbed run "$@"
