#!/usr/bin/env bash
# Out-of-core training throughput (issue #14): trains conf/mnist.properties' network for one epoch
#   (a) in memory on MNIST (input.storage=memory), the reference, and
#   (b) out of core (input.storage=blocks) on a generated MNIST-8M-like set LARGER than the heap,
# in the same run, with the same heap cap and master, and prints samples/s (and b/a), the JVM's
# peak heap and the bytes Spark's input metrics counted per epoch (from Spark's event log).
#
#   scripts/bench-ooc.sh [SET_DIR] [--variants N] [--heap SIZE] [--master URL] [--epochs E] [--memory-epochs M] [--set K=V ...]
#
# Defaults: SET_DIR target/bench-ooc/set-v<N> (generated when it has no SHA256SUMS), --variants 19
# (1,200,000 samples, 941 MB of pixels), --heap 1g (-Xmx of the one local JVM: Spark's storage
# memory is then (1024 - 300) MB x 0.6 = 434 MB, less than half the set), --master local[2],
# --epochs 1 for the out-of-core run and --memory-epochs 3 for the in-memory one: each compares its
# LAST epoch, so MNIST's 60,000-sample epochs are not charged with the JIT warm-up that an 8.1 M
# epoch amortizes. Both runs use Adam 0.001 without warm-up: the default's LAMB 0.02 is tuned for
# MNIST's 59 steps per epoch and diverges within an 8.1 M epoch (7,910 steps) without warm-up. Extra --set pairs go to both runs. The full 8.1 M set: SET_DIR=data/mnist8m
# --variants 134 --heap 4g. Timings on a shared machine say little without the load average,
# which is printed before and after.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

set_dir=""
variants=19
heap=1g
master='local[2]'
epochs=1
memory_epochs=3
extra=()
if [[ $# -gt 0 && "$1" != --* ]]; then set_dir="$1"; shift; fi
while [[ $# -gt 0 ]]; do
  case "$1" in
    --variants) variants="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    --master) master="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --memory-epochs) memory_epochs="$2"; shift 2 ;;
    --set) extra+=(--set "$2"); shift 2 ;;
    *) echo "bench-ooc: unknown option $1" >&2; exit 2 ;;
  esac
done
set_dir="${set_dir:-target/bench-ooc/set-v$variants}"
out=target/bench-ooc
mkdir -p "$out"

scripts/fetch-mnist.sh data/mnist >/dev/null
if [[ ! -f "$set_dir/SHA256SUMS" ]]; then
  echo "bench-ooc: generating $set_dir (--variants $variants)"
  scripts/dpnet generate --data data/mnist --out "$set_dir" --variants "$variants" --master "$master"
fi
echo "bench-ooc: load before: $(uptime)"

run() {
  local name="$1"; shift
  rm -rf "$out/$name" "$out/$name-events"
  mkdir -p "$out/$name-events"
  # SparkConf reads spark.* system properties: the event log records every task's input metrics.
  JAVA_OPTS="-Dspark.eventLog.enabled=true -Dspark.eventLog.compress=false -Dspark.eventLog.rolling.enabled=false -Dspark.eventLog.dir=file://$root/$out/$name-events ${JAVA_OPTS:-}" \
  DPNET_DRIVER_MEMORY="$heap" scripts/dpnet train --conf conf/mnist.properties --out "$out/$name" --progress line \
    --set master="$master" --set optimizer=adam --set learningRate=0.001 --set lr.warmupEpochs=0 --set evalEvery=0 "${extra[@]}" "$@" 2>&1 | tee "$out/$name.log"
}

run memory --set input.storage=memory --set epochs="$memory_epochs"
run blocks --set epochs="$epochs" --set input.storage=blocks --set data.train.images="$set_dir/train-images-idx3-ubyte" \
  --set data.train.labels="$set_dir/train-labels-idx1-ubyte"
echo "bench-ooc: load after: $(uptime)"

python3 - "$out" "$memory_epochs" "$epochs" <<'PY'
import glob, json, os, re, subprocess, sys
out = sys.argv[1]
epochs_of = {"memory": int(sys.argv[2]), "blocks": int(sys.argv[3])}
rates = {}
for name in ("memory", "blocks"):
    epochs = epochs_of[name]
    log = open(f"{out}/{name}.log").read()
    speeds = [float(s.replace(",", "")) for s in re.findall(r"\| ([\d,]+) samples/s \|", log)]
    peak = re.findall(r"peak heap[^\n]*", log)
    loaded = re.findall(r"loaded ([\d,]+) training", log)
    read = 0
    for f in glob.glob(f"{out}/{name}-events/**/*", recursive=True):
        if os.path.isdir(f) or os.path.basename(f).startswith((".", "appstatus")):
            continue
        text = subprocess.run(["zstd", "-dc", f], capture_output=True, text=True, check=True).stdout if f.endswith(".zstd") else open(f).read()
        for line in text.splitlines():
            e = json.loads(line)
            if e.get("Event") == "SparkListenerTaskEnd":
                read += e.get("Task Metrics", {}).get("Input Metrics", {}).get("Bytes Read", 0)
    rates[name] = speeds[-1] if speeds else float("nan")
    print(f"bench-ooc: {name}: {loaded[0] if loaded else '?'} training samples, samples/s per epoch {speeds}, "
          f"{peak[0] if peak else 'peak heap ?'}, Spark input bytes {read:,} ({read / epochs / 1e6:,.1f} MB per epoch, "
          f"including Spark's cache reads of the test set and of cached records)")
print(f"bench-ooc: out-of-core / in-memory throughput (last epoch): {rates['blocks'] / rates['memory']:.2f}")
PY
