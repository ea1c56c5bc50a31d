#!/usr/bin/env bash
# The ablation table: the same adaptation recipe with one part changed at a time, each model selected on
# fcc-valid and then scored on fcc-test. Usage: adaptation/run-ablations.sh POOL STEPS OUT_DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pool="$1"; steps="$2"; out="$3"
mkdir -p "$out"
# Full fine-tuning diverges (non-finite gradients) at the LoRA learning rate 3e-4, so it runs at 5e-5.
common=(--pool "$pool" --rank 8 --window 10 --steps "$steps" --batch 8 --validate-every $((steps / 2))
        --valid-count 20 --seed 1 --torch-threads 1)
variants=(
  "minilm-lora|--backbone minilm --mode lora --lr 3e-4"
  "minilm-random-init|--backbone minilm --mode random-init --lr 3e-4"
  "minilm-frozen-no-lora|--backbone minilm --mode frozen --lr 3e-4"
  "minilm-full-finetune|--backbone minilm --mode full --lr 5e-5"
  "bge-small-lora|--backbone bge-small --mode lora --lr 3e-4"
)
specs=()
for v in "${variants[@]}"; do
  name="${v%%|*}"; args="${v#*|}"
  if [[ ! -f "$out/$name/adapter.json" ]]; then
    # shellcheck disable=SC2086
    "$root/netllm" abr adapt "${common[@]}" $args --out "$out/$name" 2>"$out/$name.log" >"$out/$name.out" || {
      echo "ablation $name failed, see $out/$name.log" >&2; exit 1; }
  fi
  specs+=("netllm:$out/$name")
done
"$root/netllm" abr eval --traces fcc-test --policies "$(IFS=,; echo "${specs[*]}"),robust-mpc" --threads 2 \
  --out "$out/fcc-test"
