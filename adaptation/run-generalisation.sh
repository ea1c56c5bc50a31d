#!/usr/bin/env bash
# Test-time generalisation of ABR policies on subsets of the test sets (first N traces of each, file order), the
# unseen SynthVideo (seed 2024, the `abr unseen` test video) and proxy traces from a generator no model trains on.
# Usage: adaptation/run-generalisation.sh POLICIES [N] [OUT_DIR]   e.g. netllm:models/default,bba,robust-mpc,optimal 50
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
policies="$1"; n="${2:-50}"; out="${3:-$root/out/generalisation}"
data="${NETLLM_DATA:-$root/../shared/data}"
mkdir -p "$out/sets"
for set in synthetic-test norway-test fcc-test; do
  dir="$out/sets/$set-first$n"
  if [[ ! -d "$dir" ]]; then
    mkdir -p "$dir"
    ls "$data/abr/traces/$set" | sort | head -"$n" | while read -r f; do ln -s "$data/abr/traces/$set/$f" "$dir/$f"; done
  fi
done
[[ -d "$out/sets/proxy" ]] || python3 "$root/adaptation/scripts/proxy_traces.py" "$out/sets/proxy" --count 20 --seed 777
[[ -d "$out/sets/synth-video" ]] || "$root/netllm" abr generate video --seed 2024 --out "$out/sets/synth-video"
run() { "$root/netllm" abr eval --traces "$1" --video "$2" --policies "$policies" --threads 2 --out "$out/$3" 2>/dev/null | grep -v '^wrote'; }
run "$out/sets/synthetic-test-first$n" envivio-dash3 envivio-synthetic
run "$out/sets/norway-test-first$n" envivio-dash3 envivio-norway
run "$out/sets/proxy" envivio-dash3 envivio-proxy
run "$out/sets/fcc-test-first$n" "$out/sets/synth-video" synthvideo-fcc
run "$out/sets/synthetic-test-first$n" "$out/sets/synth-video" synthvideo-synthetic
run "$out/sets/proxy" "$out/sets/synth-video" synthvideo-proxy
