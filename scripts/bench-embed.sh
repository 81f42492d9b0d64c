#!/usr/bin/env bash
# Sparse vs dense bytes per step and step time of block-network training (issue #12): one
# categorical column with a table of 10^4, 10^5 and 10^6 rows x 32, batch 1024, on local[2].
# Prints a markdown table (see io.dpnet.spark.train.EmbeddingWireBench for what is measured).
#
#   scripts/bench-embed.sh                               # all three table sizes, 6 steps each
#   scripts/bench-embed.sh -Dtables=10000 -Dsteps=4      # JVM properties pass through
#
# Environment: BENCH_HEAP (JVM -Xmx, default 6g). Keep the machine otherwise idle for timings.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/lib/bench-jvm.sh
bench_jvm_setup bench-embed "${BENCH_BUILD:-1}"
echo "load before: $(uptime)"
java_run "$@" io.dpnet.spark.train.EmbeddingWireBench
echo "load after: $(uptime)"
