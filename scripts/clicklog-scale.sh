#!/usr/bin/env bash
# The click-log scale run of issue #12 (docs/embeddings.md, "The generated click log"): writes the
# 10 M-row training set and a 1 M-row held-out range after it with `dpnet generate-clicklog` (each
# once; SHA-256 in their SHA256SUMS), then trains an embedding network on local[2] with the
# block-network trainer and prints rows/s, peak heap, wall time, and test accuracy/AUC next to the
# rule's own ceiling. Not a CI test: it takes tens of minutes on 2 cores.
#
#   scripts/clicklog-scale.sh [DIR] [key=value ...]
#
# DIR defaults to data/clicklog (git-ignored): DIR/train and DIR/test. key=value overrides go to
# the run: TrainConfig keys (epochs=2 batchSize=4096 learningRate=0.01 ...), master=, partitions=.
# The JVM heap is DPNET_DRIVER_MEMORY (default 8g, as scripts/dpnet); ROWS (default 10000000)
# sizes the training set, which the test range of TEST_ROWS (default 1000000) follows.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dir="data/clicklog"
if [[ $# -gt 0 && "$1" != *=* ]]; then
  dir="$1"
  shift
fi
rows="${ROWS:-10000000}"
test_rows="${TEST_ROWS:-1000000}"

[[ -f "$dir/train/SHA256SUMS" ]] || scripts/dpnet generate-clicklog --out "$dir/train" --rows "$rows" --master 'local[2]'
[[ -f "$dir/test/SHA256SUMS" ]] || scripts/dpnet generate-clicklog --out "$dir/test" --rows "$test_rows" \
  --first-row "$rows" --rows-per-file 200000 --master 'local[2]'

# shellcheck source=lib/bench-jvm.sh
source scripts/lib/bench-jvm.sh
bench_jvm_setup clicklog-scale
BENCH_HEAP="${DPNET_DRIVER_MEMORY:-8g}" java_run io.dpnet.bench.ClickLogScaleRun "$dir/train" "$dir/test" "$@"
