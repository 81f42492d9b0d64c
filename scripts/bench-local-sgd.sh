#!/usr/bin/env bash
# Local SGD against partitions: test accuracy after the config's epochs for every
# P (partitions) x k (sync.localSteps) of a grid, next to the synchronous reference at the same
# batch, on MNIST with conf/mnist.properties (or --conf), one run (one JVM) at a time on local[2].
# Writes OUT/local-sgd.json and OUT/local-sgd.md (the table docs/local-sgd.md publishes), one part
# file per run in OUT/parts/ and one log per run in OUT/logs/.
#
#   scripts/bench-local-sgd.sh                                   # P 2 4 8 16 x k 4 8 16 32 + sync
#   scripts/bench-local-sgd.sh --partitions "2 16" --steps "4 32" --out runs/lsgd
#   scripts/bench-local-sgd.sh --extra 'post2-P16-k32:partitions=16 sync.localSteps=32 sync.localAfterEpochs=2'
#   scripts/bench-local-sgd.sh --only-extra --extra '...' --out runs/lsgd   # add runs to a table
#
# Options: --conf FILE (default conf/mnist.properties), --out DIR (default runs/local-sgd-<timestamp>),
# --partitions LIST, --steps LIST, --sync-partitions LIST (synchronous references, default "2 16"),
# --extra NAME:SETTINGS (repeatable; SETTINGS = space-separated key=value, or --sync-epochs=E for
# post-local SGD run as E synchronous epochs then a resume into local SGD), --only-extra (no grid,
# no references), --master M (default local[2]), --set key=value (added to every run),
# --rerun (re-run parts that already exist in OUT; by default they are kept, so an interrupted
# sweep continues where it stopped), --no-build (use the classes already in target/).
#
# Every local-SGD run gets `sync=average` and every reference `sync=sync sync.localSteps=1`, whatever
# the config says, with the config's batch and learning rate. Accuracy per epoch is deterministic
# for a given (config, P, k); the seconds are wall-clock training time (evaluation and data loading
# excluded) and depend on what else the machine runs: the table prints the load average.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

conf=conf/mnist.properties
out=""
partitions="2 4 8 16"
steps="4 8 16 32"
sync_partitions="2 16"
master='local[2]'
extras=()
common=()
only_extra=0
rerun=0
build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --conf) conf="$2"; shift ;;
    --out) out="$2"; shift ;;
    --partitions) partitions="$2"; shift ;;
    --steps) steps="$2"; shift ;;
    --sync-partitions) sync_partitions="$2"; shift ;;
    --master) master="$2"; shift ;;
    --extra) extras+=("$2"); shift ;;
    --set) common+=(--set "$2"); shift ;;
    --only-extra) only_extra=1 ;;
    --rerun) rerun=1 ;;
    --no-build) build=0 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "bench-local-sgd: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
out="${out:-runs/local-sgd-$(date +%Y%m%d-%H%M%S)}"

scripts/fetch-mnist.sh data/mnist >&2
data="$root/data/mnist"

# shellcheck source=lib/bench-jvm.sh
source scripts/lib/bench-jvm.sh
bench_jvm_setup bench-local-sgd "$build"

mkdir -p "$out/parts" "$out/logs"
failed=()
# one NAME SETTING...: one training run (its own JVM) unless its part file already exists.
one() {
  local name="$1"; shift
  local part="$out/parts/$name.json"
  if [[ -f "$part" && $rerun -eq 0 ]]; then
    echo "bench-local-sgd: $name: kept $part" >&2
    return
  fi
  local sets=()
  for kv in "$@"; do
    case "$kv" in
      --*=*) sets+=("${kv%%=*}" "${kv#*=}") ;;  # a DpnetBenchRun option, e.g. --sync-epochs=2
      *) sets+=(--set "$kv") ;;
    esac
  done
  echo "bench-local-sgd: == $name ==  (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  if java_run io.dpnet.bench.DpnetBenchRun --variant "$name" --conf "$conf" --master "$master" \
      --data "$data" --out "$part" "${common[@]}" "${sets[@]}" 2>&1 \
      | tee "$out/logs/$name.log" | grep -v -e '^WARNING' -e ' WARN ' >&2; [[ ${PIPESTATUS[0]} -eq 0 ]]; then
    :
  else
    echo "bench-local-sgd: $name FAILED (see $out/logs/$name.log)" >&2
    rm -f "$part"
    failed+=("$name")
  fi
}

if ((only_extra == 0)); then
  for p in $sync_partitions; do
    one "sync-P$p" "partitions=$p" sync=sync sync.localSteps=1
  done
  for p in $partitions; do
    for k in $steps; do
      one "local-P$p-k$k" "partitions=$p" sync=average "sync.localSteps=$k"
    done
  done
fi
for e in "${extras[@]}"; do
  read -r -a kvs <<< "${e#*:}"
  one "${e%%:*}" "${kvs[@]}"
done

java_run io.dpnet.bench.LocalSgdTable --out "$out/local-sgd.json" \
  --machine "$(nproc) cores, master $master, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)" \
  "$out"/parts/*.json
if ((${#failed[@]})); then
  echo "bench-local-sgd: failed runs: ${failed[*]} (logs in $out/logs)" >&2
  exit 1
fi
