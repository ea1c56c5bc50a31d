#!/usr/bin/env bash
# The VP ablation table: the default recipe shortened to STEPS, one part changed at a time, each model's weights
# selected on Jin2022 valid; then every variant scored on Jin2022 valid and test.
# Full fine-tuning moves every backbone weight, so it runs at a lower rate (3e-5).
# Usage: [LR=1e-4] [VP_DATA="--train-datasets Jin2022,Wu2017 --augment mirror"] adaptation/run-vp-ablations.sh STEPS OUT_DIR [LAUNCHER]
# LR is the rate of every variant but full fine-tuning; VP_DATA names the training data (default: Jin2022 only).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="$1"; out="$2"; netllm="${3:-$root/netllm}"
mkdir -p "$out"
common=(--dataset Jin2022 --hw 10 --pw 20 --rank 8 --steps "$steps" --batch 64 --lr-decay cosine
        --validate-every $((steps / 4)) --train-stride 2 --loss l1 --seed 1 --torch-threads 2)
lr="${LR:-1e-4}"
# shellcheck disable=SC2206
data=(${VP_DATA:-})
variants=(
  "minilm-lora|--backbone minilm --mode lora --lr $lr"
  "minilm-random-init|--backbone minilm --mode random-init --lr $lr"
  "minilm-frozen-no-lora|--backbone minilm --mode frozen --lr $lr"
  "minilm-full-finetune|--backbone minilm --mode full --lr 3e-5"
  "bge-small-lora|--backbone bge-small --mode lora --lr $lr"
)
specs=()
for v in "${variants[@]}"; do
  name="${v%%|*}"; args="${v#*|}"
  if [[ ! -f "$out/$name/adapter.json" ]]; then
    # shellcheck disable=SC2086
    "$netllm" vp adapt "${common[@]}" "${data[@]}" $args --out "$out/$name" 2>"$out/$name.log" >"$out/$name.out" || {
      echo "ablation $name failed, see $out/$name.log" >&2; exit 1; }
  fi
  specs+=("netllm:$out/$name")
done
list="$(IFS=,; echo "${specs[*]}"),track:default,track:models/vp-track-mixed,static"
"$netllm" vp eval --dataset Jin2022 --split valid --predictors "$list" --out "$out/valid"
"$netllm" vp eval --dataset Jin2022 --split test --predictors "$list" --out "$out/test"
