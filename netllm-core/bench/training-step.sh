#!/usr/bin/env bash
# Training-step time and peak memory, LoRA versus full fine-tuning, on MiniLM with an ABR-shaped batch
# (8 windows x 10 steps x 8 tokens). Each mode runs in its own JVM so its peak RSS is its own.
# Usage: netllm-core/bench/training-step.sh [MODEL] [STEPS]   (from the project root; MODEL defaults to minilm)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# One reactor run, so that the backbone module resolves to its build output.
mvn -q -o -pl netllm-core -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$root/netllm-core/target/bench.classpath" >&2
# Run from a private copy: other builds of the shared tree may rewrite target/ while the benchmark runs.
private="$(mktemp -d)"
trap 'rm -rf "$private"' EXIT
cp -r netllm-core/target/classes "$private/classes"
cp -r netllm-core/target/test-classes "$private/test-classes"
cp -r backbone/target/classes "$private/backbone-classes"
deps="$(sed "s#$root/backbone/target/classes#$private/backbone-classes#" netllm-core/target/bench.classpath)"
cp="$private/classes:$private/test-classes:$deps"
for mode in LORA FULL; do
  java -Xmx4g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
    org.netllm.adapt.bench.TrainingStepBenchmark "$mode" "${1:-minilm}" "${2:-8}"
done
