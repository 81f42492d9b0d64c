#!/usr/bin/env bash
# The main job: fetch MNIST (SHA-256 verified), train conf/mnist.properties on local Spark,
# evaluate the saved model with the batch evaluation job, and leave everything in OUT_DIR.
#
#   scripts/train-mnist.sh [OUT_DIR] [--set key=value ...]
#
# OUT_DIR defaults to runs/mnist-<timestamp>, so earlier runs are never overwritten.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="runs/mnist-$(date +%Y%m%d-%H%M%S)"
if [[ $# -gt 0 && "$1" != --* ]]; then
  out="$1"
  shift
fi

scripts/fetch-mnist.sh data/mnist
scripts/dpnet train --conf conf/mnist.properties --out "$out" "$@"
scripts/dpnet evaluate --model "$out/model" --data data/mnist --out "$out/eval-test.json"
echo "dpnet: main job done: model in $out/model, metrics in $out/metrics.jsonl, reports $out/report.html, $out/eval.json and $out/eval-test.json"
