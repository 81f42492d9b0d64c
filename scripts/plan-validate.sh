#!/usr/bin/env bash
# The cost model of `dpnet plan` against measured training (docs/plan.md):
#
#   scripts/plan-validate.sh [--conf FILE] [--epochs N] [--out DIR] [--only local1,local2,cluster] [--set K=V]...
#
# For each mode — local[1], local[2], and the local standalone cluster (scripts/cluster.sh, 2 workers
# x 1 core; started and stopped here) — it trains CONF (default conf/mnist.properties) for N epochs
# (default 3, evalEvery=0) and then runs `dpnet plan --against` that run in the same mode, so the
# constants (bare Spark jobs, math, driver update) are measured in the mode they predict. Prints one
# table: predicted vs measured ms per step (epochs 2..N: epoch 1 holds the JIT warm-up) and the ratio,
# with each mode's load average. A miss is reported, not failed: this is a benchmark, not a test.
# Everything lands in OUT (default runs/plan-validate-<timestamp>/<mode>/{run,plan.json,plan.txt}).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
conf=conf/mnist.properties
epochs=3
out="runs/plan-validate-$(date +%Y%m%d-%H%M%S)"
only="local1,local2,cluster"
sets=()
while (($#)); do
  case "$1" in
    --conf) conf="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --set) sets+=(--set "$2"); shift 2 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "plan-validate.sh: error: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$epochs" =~ ^[1-9][0-9]*$ ]] || { echo "plan-validate.sh: error: --epochs must be a positive integer, got '$epochs'" >&2; exit 2; }
command -v jq >/dev/null || { echo "plan-validate.sh: error: needs jq on the PATH (apt-get install jq)" >&2; exit 2; }
mkdir -p "$out"
wants() { [[ ",$only," == *",$1,"* ]]; }

# Executors read the data themselves: absolute paths for every mode, so all three read the same files.
# sync.engine=jobs: the model is of one Spark job per step — what runs on a cluster, where the plan's
# N executors are. In local mode the default (auto) runs the resident engine instead, whose step has
# no job cost at all; validating the job model there needs the job engine.
common=(--conf "$conf" --set "data.dir=$root/data/mnist" --set sync.engine=jobs "${sets[@]}")

run_mode() {
  local mode="$1" master="$2" launcher=(scripts/dpnet)
  [[ "$master" == cluster ]] && launcher=(scripts/dpnet --cluster)
  local dir="$out/$mode" master_set=()
  [[ "$master" == cluster ]] || master_set=(--set "master=$master")
  mkdir -p "$dir"
  echo "== $mode: training $epochs epochs (load $(cut -d' ' -f1 /proc/loadavg))"
  "${launcher[@]}" train "${common[@]}" "${master_set[@]}" --set "epochs=$epochs" --set evalEvery=0 \
    --out "$dir/run" --overwrite --progress line
  echo "== $mode: plan (load $(cut -d' ' -f1 /proc/loadavg))"
  "${launcher[@]}" plan "${common[@]}" "${master_set[@]}" --against "$dir/run" --json "$dir/plan.json" \
    | tee "$dir/plan.txt"
}

wants local1 && run_mode local1 "local[1]"
wants local2 && run_mode local2 "local[2]"
if wants cluster; then
  scripts/cluster.sh start --workers 2 --cores 1
  trap 'scripts/cluster.sh stop || true' EXIT
  run_mode cluster cluster
  scripts/cluster.sh stop
  trap - EXIT
fi

echo
echo "predicted vs measured ms per step ($conf, $epochs epochs; measured = epochs 2..$epochs of the run):"
printf '%-8s %-28s %6s %10s %10s %9s %8s  %s\n' mode master load predicted measured "pred/meas" "math ms" "predicted breakdown (fixed/bcast/math/result/driver)"
for mode in local1 local2 cluster; do
  f="$out/$mode/plan.json"
  [[ -f "$f" ]] || continue
  jq -r --arg mode "$mode" '[$mode, .measured.master, (.measured.loadAverage*100|round/100|tostring),
      (.validation.predictedStepMs*10|round/10|tostring), (.validation.measuredStepMs*10|round/10|tostring),
      (.validation.ratio*100|round/100|tostring), (.validation.measuredMathMs*10|round/10|tostring),
      ([.here.step.fixedMs, .here.step.broadcastMs, .here.step.mathMs, .here.step.resultMs, .here.step.driverMs]
        | map(.*10|round/10|tostring) | join("/"))] | @tsv' "$f" \
    | awk -F'\t' '{printf "%-8s %-28s %6s %10s %10s %9s %8s  %s\n", $1, $2, $3, $4, $5, $6, $7, $8}'
done
echo "(files in $out)"
