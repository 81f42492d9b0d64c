#!/usr/bin/env bash
# End-to-end benchmark: on the same MNIST data and machine, one after the other,
#   (a) dpnet conf/mnist.properties                     (local[2], test set evaluated after every epoch)
#   (a') dpnet sync         (BENCH_SYNC on top of (a): a gradient average every step, batch 128 — the
#                            baseline that large batches and local SGD improve on)
#   (b) dpnet large batch   (BENCH_LARGE_BATCH settings on top of (a))
#   (c) dpnet local SGD     (BENCH_LOCAL_SGD settings on top of (a))
#   (a'') dpnet sync-pipeline (sync.pipeline=true on top of (a): two steps in flight)
#   (s) dpnet throughput on local[1] and local[2] (parallel efficiency)
#   (d) Spark MLlib MultilayerPerceptronClassifier 784-256-256-10, L-BFGS, blockSize 128, in-process local[2]
#   (e) PyTorch, same network, 2 threads, batch 128, SGD+momentum and Adam (if python3 has torch)
#   (f) PyTorch with dpnet's own recipe: bench_torch.py --recipe conf/mnist.properties (same optimizer,
#       schedule, warmup, batch, epochs, initialization; skipped while bench_torch.py has no --recipe)
#   (p) partitions sweep: conf/mnist.properties, synchronous (sync=sync sync.localSteps=1 on top of
#       whatever the file says), on P = 1, 2, 4, 8, 16 partitions of local[2]: accuracy and time per P
#   (c) the same synchronous configuration on the local standalone cluster (scripts/cluster.sh,
#       2 workers x 1 core, partitions=2): time per step on a real cluster's RPC and executors,
#       with the default engine (resident) and with sync.engine=jobs, back to back
# then prints one table and writes OUT/bench.json (every run's per-epoch/iteration cumulative
# training seconds and test accuracy, plus the derived figures) and OUT/bench.md.
#
#   scripts/bench.sh                 # full run, about 8-10 minutes on a quiet 2-core machine
#   scripts/bench.sh --quick         # smoke run: 1-2 epochs / 2+4 L-BFGS iterations, a few minutes
#   scripts/bench.sh --only dpnet,torch --out runs/my-bench
#
# Options: --quick, --out DIR (default runs/bench-<timestamp>), --only LIST (of dpnet, pipeline, scaling,
# mllib, torch, torch-recipe, partitions, cluster; default all). Environment: BENCH_SYNC / BENCH_LARGE_BATCH / BENCH_LOCAL_SGD (space-separated
# key=value settings of the variants), BENCH_MLLIB_ITERS (MLlib fits from scratch with these
# maxIter values, default 10,100,125 — 100 is MLlib's default, where it is
# just short of 96.4%), BENCH_TORCH_EPOCHS (10),
# BENCH_PYTHON (a python3 with torch), BENCH_PARTITIONS (the sweep's P values, default "1 2 4 8 16"),
# BENCH_CLUSTER_MEMORY (each cluster worker's memory, default 2g),
# BENCH_HEAP (JVM -Xmx, default 6g), BENCH_WARMUP (false: skip the kernel warm-up that `dpnet train`
# starts before Spark in local mode, to measure what it saves; its effect shows in epoch 1 and in
# each part's setupSeconds).
#
# Timings are wall-clock seconds of training only (data loading, JVM/Spark start-up and test-set
# evaluation excluded, for every system alike). The runs share the machine one at a time: keep it
# otherwise idle. This script installs nothing; see the PyTorch note below.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

quick=0
out=""
only="dpnet,pipeline,scaling,mllib,torch,torch-recipe,partitions,cluster"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --out) out="$2"; shift ;;
    --only) only="$2"; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
out="${out:-runs/bench-$(date +%Y%m%d-%H%M%S)}"
wants() { [[ ",$only," == *",$1,"* ]]; }

# The variants, on top of conf/mnist.properties (synchronous LAMB, batch 1024, lr 0.02, 1 warm-up
# epoch, cosine). Sync: the previous synchronous recipe, Adam 0.001 at batch 128, one Spark job per
# step (469 per epoch). Large batch: batch 2048 (30 jobs per epoch), the rate scaled by sqrt(2)
# from the default's 1024. Local SGD: 16 local steps per average (opt-in).
# (Until 2026-12-06 these were set on top of an Adam default; on the LAMB default they diverged.)
read -r -a sync_baseline <<< "${BENCH_SYNC:-sync=sync sync.localSteps=1 optimizer=adam learningRate=0.001 lr.warmupEpochs=0 batchSize=128 lr.scaling=none}"
read -r -a large_batch <<< "${BENCH_LARGE_BATCH:-sync=sync sync.localSteps=1 batchSize=2048 lr.scaling=sqrt lr.referenceBatch=1024}"
read -r -a local_sgd <<< "${BENCH_LOCAL_SGD:-sync=average sync.localSteps=16}"
# The synchronous form of whatever conf/mnist.properties says (a no-op once it is synchronous).
synchronous=(--set sync=sync --set sync.localSteps=1)
read -r -a sweep_partitions <<< "${BENCH_PARTITIONS:-1 2 4 8 16}"
if ((quick)); then
  dpnet_epochs=(--set epochs=2); scaling_epochs=1
  mllib_iters="${BENCH_MLLIB_ITERS:-2,4}"
  torch_epochs="${BENCH_TORCH_EPOCHS:-2}"
else
  # Throughput from epoch 4 of 4: the SIMD kernel is still warming up in epoch 2.
  dpnet_epochs=(); scaling_epochs=4
  mllib_iters="${BENCH_MLLIB_ITERS:-10,100,125}"
  torch_epochs="${BENCH_TORCH_EPOCHS:-10}"
fi

scripts/fetch-mnist.sh data/mnist >&2
data="$root/data/mnist"

# shellcheck source=lib/bench-jvm.sh
source scripts/lib/bench-jvm.sh
bench_jvm_setup bench

mkdir -p "$out/parts" "$out/logs"
parts=()
failed=()

# run NAME COMMAND...: runs one benchmark, its output to the console and OUT/logs/NAME.log;
# a failure is reported and the remaining runs go on.
run() {
  local name="$1"; shift
  echo "bench: == $name ==  (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  if "$@" 2>&1 | tee "$out/logs/$name.log" | grep -v -e '^WARNING' -e ' WARN ' >&2; [[ ${PIPESTATUS[0]} -eq 0 ]]; then
    :
  else
    echo "bench: $name FAILED (see $out/logs/$name.log)" >&2
    failed+=("$name")
  fi
}
# One BLAS thread per Spark task (2 tasks on 2 cores), as Spark's docs advise for native BLAS.
java_run_one_blas_thread() {
  (export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1; java_run "$@")
}
dpnet_run() {
  local variant="$1"; shift
  run "dpnet-$variant" java_run io.dpnet.bench.DpnetBenchRun --variant "$variant" --conf conf/mnist.properties \
    --data "$data" --warmup "${BENCH_WARMUP:-true}" --out "$out/parts/dpnet-$variant.json" "$@"
  parts+=("$out/parts/dpnet-$variant.json")
}
sets() { for kv in "$@"; do printf -- '--set\n%s\n' "$kv"; done; }

if wants dpnet; then
  dpnet_run default --master 'local[2]' "${dpnet_epochs[@]}"
  mapfile -t sb < <(sets "${sync_baseline[@]}")
  dpnet_run sync --master 'local[2]' "${sb[@]}" "${dpnet_epochs[@]}"
  mapfile -t lb < <(sets "${large_batch[@]}")
  dpnet_run large-batch --master 'local[2]' "${lb[@]}" "${dpnet_epochs[@]}"
  mapfile -t lsgd < <(sets "${local_sgd[@]}")
  dpnet_run local-sgd --master 'local[2]' "${lsgd[@]}" "${dpnet_epochs[@]}"
fi
if wants pipeline; then
  # conf/mnist.properties with two synchronous steps in flight (sync.pipeline, a one-step delayed
  # gradient): its time per step against the default's, and its accuracy cost (docs/design.md).
  dpnet_run sync-pipeline --master 'local[2]' --set sync.pipeline=true "${dpnet_epochs[@]}"
fi
if wants scaling; then
  for threads in 1 2; do
    dpnet_run "throughput-local$threads" --master "local[$threads]" --set "partitions=$threads" \
      --set "epochs=$scaling_epochs" --set evalEvery=0
  done
fi
if wants partitions; then
  for p in "${sweep_partitions[@]}"; do
    dpnet_run "partitions-P$p" --master 'local[2]' --set "partitions=$p" "${synchronous[@]}" "${dpnet_epochs[@]}"
  done
fi
if wants cluster; then
  # scripts/dpnet builds the application jar the executors load; the cluster is stopped whatever happens.
  # Both engines on the same cluster, back to back: the default (resident: one barrier job per
  # epoch, sums and weights over Spark RPC) and one Spark job per step (sync.engine=jobs).
  cluster_run() {
    scripts/cluster.sh start --workers 2 --cores 1 --memory "${BENCH_CLUSTER_MEMORY:-2g}" || return 1
    local status=0 engine variant
    for engine in auto jobs; do
      variant=cluster-sync; [[ "$engine" == jobs ]] && variant=cluster-jobs
      echo "bench: -- $variant (load average $(cut -d' ' -f1-3 /proc/loadavg))"
      scripts/dpnet --cluster train --conf conf/mnist.properties --out "$out/$variant-train" --overwrite \
        --set "data.dir=$data" --set partitions=2 --set "sync.engine=$engine" "${synchronous[@]}" \
        "${dpnet_epochs[@]}" || { status=$?; break; }
    done
    local master; master="$(cat "${DPNET_CLUSTER_DIR:-$root/target/cluster}/master-url" 2>/dev/null || echo standalone)"
    scripts/cluster.sh stop || true
    ((status == 0)) || return "$status"
    java_run io.dpnet.bench.MetricsToPart --run "$out/cluster-sync-train" --variant cluster-sync \
      --description "conf/mnist.properties, synchronous, standalone cluster: 2 workers x 1 core, 2 partitions; resident (default)" \
      --master "$master" --out "$out/parts/dpnet-cluster-sync.json"
    java_run io.dpnet.bench.MetricsToPart --run "$out/cluster-jobs-train" --variant cluster-jobs \
      --description "the same, sync.engine=jobs (one Spark job per step)" \
      --master "$master" --out "$out/parts/dpnet-cluster-jobs.json"
  }
  run cluster-sync cluster_run
  parts+=("$out/parts/dpnet-cluster-sync.json" "$out/parts/dpnet-cluster-jobs.json")
fi
if wants mllib; then
  run mllib java_run_one_blas_thread io.dpnet.bench.MllibBenchRun \
    --master 'local[2]' --data "$data" --iters "$mllib_iters" \
    --out "$out/parts/mllib.json"
  parts+=("$out/parts/mllib.json")
fi
if wants torch; then
  python=""
  for p in ${BENCH_PYTHON:-} python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null && "$p" -c 'import torch' 2>/dev/null; then python="$p"; break; fi
  done
  if [[ -z "$python" ]]; then
    cat >&2 <<'EOF'
bench: PyTorch not found (no python3 can `import torch`): skipping the PyTorch runs.
       To include them (Debian/Ubuntu), install PyTorch with Debian's OpenMP build of OpenBLAS,
       so PyTorch's matrix products are not the slow reference BLAS:
         sudo apt-get install -y python3-torch libopenblas0-openmp
       (or point BENCH_PYTHON at a python3 that has torch)
EOF
  else
    for opt in sgdm adam; do
      run "torch-$opt" env OMP_NUM_THREADS=2 "$python" scripts/bench_torch.py --optimizer "$opt" \
        --epochs "$torch_epochs" --threads 2 --data "$data" --out "$out/parts/torch-$opt.json"
      parts+=("$out/parts/torch-$opt.json")
    done
  fi
fi
if wants torch-recipe; then
  if [[ -z "${python:-}" ]]; then
    for p in ${BENCH_PYTHON:-} python3 /usr/bin/python3; do
      if command -v "$p" >/dev/null && "$p" -c 'import torch' 2>/dev/null; then python="$p"; break; fi
    done
  fi
  if [[ -z "${python:-}" ]]; then
    echo "bench: PyTorch not found (no python3 can \`import torch\`): skipping torch-recipe" \
      "(sudo apt-get install -y python3-torch libopenblas0-openmp, or set BENCH_PYTHON)" >&2
  elif ! "$python" scripts/bench_torch.py --help 2>/dev/null | grep -q -e '--recipe'; then
    echo "bench: scripts/bench_torch.py has no --recipe mode yet: skipping torch-recipe" \
      "(PyTorch with conf/mnist.properties' optimizer, schedule, batch and initialization)" >&2
  else
    recipe_epochs=()
    ((quick)) && recipe_epochs=(--epochs 2)
    run torch-recipe env OMP_NUM_THREADS=2 "$python" scripts/bench_torch.py --recipe conf/mnist.properties \
      "${recipe_epochs[@]}" --threads 2 --data "$data" --out "$out/parts/torch-recipe.json"
    parts+=("$out/parts/torch-recipe.json")
  fi
fi

echo >&2
java_run io.dpnet.bench.BenchReport --out "$out/bench.json" \
  --machine "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)$( ((quick)) && echo ', --quick')" \
  "${parts[@]}"
if ((${#failed[@]})); then
  echo "bench: failed runs: ${failed[*]} (logs in $out/logs)" >&2
  exit 1
fi
