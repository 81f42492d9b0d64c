#!/usr/bin/env bash
# Writes the MNIST-8M-like training set (issue #14): every MNIST training image plus 134
# deterministic deformed variants each = 8.1 M samples (≈ 6.4 GB of IDX pixels), SHA-256 printed
# and written to OUT_DIR/SHA256SUMS. See docs/mnist8m.md.
#
#   scripts/make-mnist8m.sh [OUT_DIR] [dpnet generate options ...]
#
# OUT_DIR defaults to data/mnist8m (any Hadoop path works, e.g. hdfs://nn/data/mnist8m). Examples:
#   scripts/make-mnist8m.sh                                   # 8.1 M samples, IDX, local[*]
#   scripts/make-mnist8m.sh /tmp/m8m-small --variants 2       # 180,000 samples
#   scripts/make-mnist8m.sh data/mnist8m --format idx,parquet --gzip --overwrite
#   scripts/dpnet --cluster generate --data "$PWD/data/mnist" --out "$PWD/data/mnist8m"   # on scripts/cluster.sh's cluster
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="data/mnist8m"
if [[ $# -gt 0 && "$1" != --* ]]; then
  out="$1"
  shift
fi

scripts/fetch-mnist.sh data/mnist
exec scripts/dpnet generate --data data/mnist --out "$out" "$@"
