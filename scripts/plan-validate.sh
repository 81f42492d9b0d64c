#!/usr/bin/env bash
# The cost model of `dpnet plan` against measured training (docs/plan.md):
#
#   scripts/plan-validate.sh [--conf FILE] [--epochs N] [--repeat R] [--out DIR]
#                            [--only local1,local2,cluster] [--engine resident|jobs|both] [--set K=V]...
#
# For each mode — local[1], local[2], and the local standalone cluster (scripts/cluster.sh, 2 workers
# x 1 core; started and stopped here) — and each engine — the default sync.engine=auto, which runs
# the resident engine there (one barrier job per epoch), and sync.engine=jobs (one Spark job per
# step); default both — it trains CONF (default conf/mnist.properties) for N epochs (default: the
# configuration's own, 7 for MNIST; evalEvery=0) and then runs `dpnet plan --against` that run in
# the same mode and engine, so the constants are measured in the mode they predict (the math at the
# run's trained weights). R times (default 1) in turn: a shared machine's speed drifts by 10-30%
# over minutes, so one pair can miss by the drift alone. Prints one table: predicted vs measured ms
# per step (the run's epochs after its first half, ⌈N/2⌉, which hold the JIT warm-up: 5..7 of 7)
# and the ratio, with each run's load average; with R > 1 also per mode and engine the median
# prediction against the median measurement. A miss is reported, not failed: this is a benchmark,
# not a test. Everything lands in OUT (default runs/plan-validate-<timestamp>/<mode>-<engine>/<i>/
# {run,plan.json,plan.txt}).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
conf=conf/mnist.properties
epochs=
repeat=1
out="runs/plan-validate-$(date +%Y%m%d-%H%M%S)"
only="local1,local2,cluster"
engine=both
sets=()
while (($#)); do
  case "$1" in
    --conf) conf="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --engine) engine="$2"; shift 2 ;;
    --set) sets+=(--set "$2"); shift 2 ;;
    -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "plan-validate.sh: error: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$engine" in
  resident) engines=(resident) ;;
  jobs) engines=(jobs) ;;
  both) engines=(resident jobs) ;;
  *) echo "plan-validate.sh: error: --engine must be resident, jobs or both, got '$engine'" >&2; exit 2 ;;
esac
[[ -z "$epochs" || "$epochs" =~ ^[1-9][0-9]*$ ]] || { echo "plan-validate.sh: error: --epochs must be a positive integer, got '$epochs'" >&2; exit 2; }
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || { echo "plan-validate.sh: error: --repeat must be a positive integer, got '$repeat'" >&2; exit 2; }
command -v jq >/dev/null || { echo "plan-validate.sh: error: needs jq on the PATH (apt-get install jq)" >&2; exit 2; }
mkdir -p "$out"
wants() { [[ ",$only," == *",$1,"* ]]; }

# Executors read the data themselves: absolute paths for every mode, so all three read the same files.
# The engines: "resident" trains with the default sync.engine=auto (the resident engine wherever the
# partitions fit the task slots, which the default partitions do in every mode here); "jobs" with
# sync.engine=jobs. The plan gets the same setting, so it predicts the engine the run used.
common=(--conf "$conf" --set "data.dir=$root/data/mnist" "${sets[@]}")

run_mode() {
  local mode="$1" master="$2" launcher=(scripts/dpnet)
  [[ "$master" == cluster ]] && launcher=(scripts/dpnet --cluster)
  local master_set=()
  [[ "$master" == cluster ]] || master_set=(--set "master=$master")
  local i e
  for ((i = 1; i <= repeat; i++)); do
  for e in "${engines[@]}"; do
    local dir="$out/$mode-$e/$i" engine_set=(--set sync.engine=auto)
    [[ "$e" == jobs ]] && engine_set=(--set sync.engine=jobs)
    mkdir -p "$dir"
    local epochs_set=()
    [[ -n "$epochs" ]] && epochs_set=(--set "epochs=$epochs")
    echo "== $mode, $e ($i of $repeat): training ${epochs:-the configured} epochs (load $(cut -d' ' -f1 /proc/loadavg))"
    cut -d' ' -f1 /proc/loadavg > "$dir/load-train-start"
    "${launcher[@]}" train "${common[@]}" "${master_set[@]}" "${engine_set[@]}" "${epochs_set[@]}" \
      --set evalEvery=0 --out "$dir/run" --overwrite --progress line
    cut -d' ' -f1 /proc/loadavg > "$dir/load-train-end"
    echo "== $mode, $e ($i of $repeat): plan (load $(cut -d' ' -f1 /proc/loadavg))"
    "${launcher[@]}" plan "${common[@]}" "${master_set[@]}" "${engine_set[@]}" --against "$dir/run" \
      --json "$dir/plan.json" | tee "$dir/plan.txt"
  done
  done
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
echo "predicted vs measured ms per step ($conf, ${epochs:-its} epochs; measured = the run's second half of epochs;"
echo "load: 1-minute load average at the run's start and end, then at the plan's start):"
printf '%-8s %-9s %-3s %-28s %-17s %10s %10s %9s %8s  %s\n' mode engine '#' master "load train/plan" predicted \
  measured "pred/meas" "math ms" "predicted breakdown (fixed/bcast or out/math/result or in/driver)"
for mode in local1 local2 cluster; do
  for e in resident jobs; do
    for ((i = 1; i <= repeat; i++)); do
      f="$out/$mode-$e/$i/plan.json"
      [[ -f "$f" ]] || continue
      load="$(cat "$out/$mode-$e/$i/load-train-start")-$(cat "$out/$mode-$e/$i/load-train-end")"
      # The step predicted for the engine the run used: the resident engine's, or one job per step's.
      jq -r --arg mode "$mode" --arg load "$load" --arg i "$i" '
        (if .validation.engine == "resident" then .resident.here.step else .here.step end) as $s |
        [$mode, .validation.engine, $i, .measured.master, ($load + "/" + (.measured.loadAverage*100|round/100|tostring)),
        (.validation.predictedStepMs*10|round/10|tostring), (.validation.measuredStepMs*10|round/10|tostring),
        (.validation.ratio*100|round/100|tostring), (.validation.measuredMathMs*10|round/10|tostring),
        ([$s.fixedMs, $s.broadcastMs, $s.mathMs, $s.resultMs, $s.driverMs]
          | map(.*10|round/10|tostring) | join("/"))] | @tsv' "$f" \
        | awk -F'\t' '{printf "%-8s %-9s %-3s %-28s %-17s %10s %10s %9s %8s  %s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10}'
    done
  done
done
if ((repeat > 1)); then
  echo
  echo "medians over the $repeat pairs (median predicted / median measured; the pairs' ratios from lowest to highest):"
  for mode in local1 local2 cluster; do
    for e in resident jobs; do
      files=()
      for ((i = 1; i <= repeat; i++)); do
        [[ -f "$out/$mode-$e/$i/plan.json" ]] && files+=("$out/$mode-$e/$i/plan.json")
      done
      ((${#files[@]})) || continue
      jq -rs --arg mode "$mode" --arg e "$e" '
        def median: sort | if length % 2 == 1 then .[length/2|floor] else (.[length/2-1] + .[length/2]) / 2 end;
        (map(.validation.predictedStepMs) | median) as $p | (map(.validation.measuredStepMs) | median) as $m |
        "\($mode)\t\($e)\t\($p*10|round/10)\t\($m*10|round/10)\t\($p/$m*100|round/100)\t\(map(.validation.ratio*100|round/100) | sort | map(tostring) | join(" "))"' \
        "${files[@]}" | awk -F'\t' '{printf "%-8s %-9s %8s / %-8s = %5s   (%s)\n", $1, $2, $3, $4, $5, $6}'
    done
  done
fi
echo "(files in $out)"
