#!/usr/bin/env bash
# Benchmarks the matrix kernels (ejml, java, vector) on the three dense-layer products with JMH
# and prints GFLOPS (2·m·k·n flops per product, one thread) per kernel / op / layer shape / rows.
#
#   scripts/bench-kernels.sh                          # rows 128 and 512 (≈ 5–6 minutes)
#   BENCH_ROWS=128,256,512 scripts/bench-kernels.sh
#   BENCH_KERNELS=java,vector BENCH_OPS=forward BENCH_SHAPES=784x256 scripts/bench-kernels.sh
#   BENCH_JMH="-f 1 -wi 1 -i 1 -w 200ms -r 200ms" scripts/bench-kernels.sh   # a quick smoke run
#   scripts/bench-kernels.sh -prof gc                 # extra arguments go to JMH
#   BENCH_OPS=weightGrad,weightGradExact BENCH_KERNELS=vector scripts/bench-kernels.sh   # cost of exact sums
#
# JMH settings (BENCH_JMH): 1 fork per configuration, 2 × 1 s warm-up, 3 × 1 s measurement. Each op/shape is
# one JMH run over all kernels and rows, so the kernels of a row of the table are measured
# within seconds of each other (ratios stay meaningful on a shared machine). Raw results:
# target/jmh-gemm.csv. Single-core numbers: keep the machine otherwise idle.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mvn -q -o -B test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >&2

# Run from a private copy of the classes, so a concurrent `mvn` build cannot pull them away.
snapshot="$(mktemp -d)"
trap 'rm -rf "$snapshot"' EXIT
cp -r target/classes "$snapshot/classes"
cp -r target/test-classes "$snapshot/test-classes"
classpath="$snapshot/test-classes:$snapshot/classes:$(cat target/test-classpath.txt)"

csv="$snapshot/jmh-gemm.csv"
IFS=, read -r -a ops <<< "${BENCH_OPS:-forward,weightGrad,inputGrad}"
IFS=, read -r -a shapes <<< "${BENCH_SHAPES:-784x256,256x256,256x10}"
for op in "${ops[@]}"; do
  for shape in "${shapes[@]}"; do
    part="$snapshot/part-$op-$shape.csv"
    java -cp "$classpath" --add-modules jdk.incubator.vector \
      org.openjdk.jmh.Main GemmBenchmark ${BENCH_JMH:--f 1 -wi 2 -i 3 -w 1s -r 1s} \
      -p kernel="${BENCH_KERNELS:-ejml,java,vector}" -p op="$op" -p shape="$shape" \
      -p rows="${BENCH_ROWS:-128,512}" -rf csv -rff "$part" "$@" >&2
    if [[ -f "$csv" ]]; then tail -n +2 "$part" >> "$csv"; else cp "$part" "$csv"; fi
  done
done
cp "$csv" target/jmh-gemm.csv 2>/dev/null || true

# CSV columns: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit",
# "Param: kernel","Param: op","Param: rows","Param: shape"; the :flops rows are flops/s.
awk -F, '
  function unq(s) { gsub(/"/, "", s); return s }
  NR > 1 && unq($1) ~ /:flops$/ {
    kernel = unq($8); op = unq($9); rows = unq($10); shape = unq($11)
    key = op SUBSEP shape SUBSEP rows
    if (!(key in seen)) { seen[key] = 1; keys[++nkeys] = key }
    if (!(kernel in kseen)) { kseen[kernel] = 1; kernels[++nk] = kernel }
    g[key, kernel] = unq($5) / 1e9
    e[key, kernel] = unq($6) / 1e9
  }
  END {
    printf "GFLOPS (2*m*k*n per product, single thread; +- is the JMH 99.9%% error)\n"
    printf "%-11s %-8s %5s", "op", "shape", "rows"
    for (i = 1; i <= nk; i++) printf " %16s", kernels[i]
    if (("java" in kseen) && ("vector" in kseen)) printf " %12s", "vector/java"
    printf "\n"
    for (j = 1; j <= nkeys; j++) {
      split(keys[j], p, SUBSEP)
      printf "%-11s %-8s %5s", p[1], p[2], p[3]
      for (i = 1; i <= nk; i++) {
        k = kernels[i]
        if ((keys[j], k) in g) printf " %7.1f +-%6.1f", g[keys[j], k], e[keys[j], k]; else printf " %16s", "-"
      }
      if (((keys[j], "java") in g) && ((keys[j], "vector") in g) && g[keys[j], "java"] > 0)
        printf " %11.1fx", g[keys[j], "vector"] / g[keys[j], "java"]
      printf "\n"
    }
  }' "$csv"
