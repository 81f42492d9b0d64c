#!/usr/bin/env bash
# The results tables of docs/datasets.md in one run: fetches the modeldata CSVs (SHA-256 verified),
# then io.dpnet.examples.TabularBaselines fits every baseline (Spark MLlib and dpnet) on every set on
# local[2] and prints one markdown table per set; all rows also go to OUT (JSON, with the load
# average before and after the run, since every time depends on what else the machine runs).
#
# Usage: scripts/bench-tabular.sh [OUT [SET,SET... [MODEL_PREFIX,...]]]   (default OUT: runs/bench-tabular/results.json;
#        SET: lending_club, ames, fine_foods or all (default); MODEL_PREFIX e.g. "dpnet" (default: every model))
# Environment: BENCH_HEAP (default 6g) sizes the JVM.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=SCRIPTDIR/lib/bench-jvm.sh
source scripts/lib/bench-jvm.sh

out="${1:-runs/bench-tabular/results.json}"
scripts/fetch-modeldata.sh data/modeldata
bench_jvm_setup bench-tabular
echo "bench-tabular: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java_run io.dpnet.examples.TabularBaselines data/modeldata "$out" "${2:-all}" ${3:+"$3"}
