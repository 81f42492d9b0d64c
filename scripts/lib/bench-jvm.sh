# Shared by the benchmark scripts (source it after `cd "$root"`): build the test classes with
# their classpath, run from a private copy of the classes (so a concurrent `mvn` build cannot pull
# them away mid-run), and java_run: a JVM with the Spark opens, the Vector API and dpnet's logging.
#
#   bench_jvm_setup LABEL [FORCE]   # FORCE=0 reuses target/test-classpath.txt when present

bench_jvm_setup() {
  local label="$1" force="${2:-1}"
  if ((force)) || [[ ! -f target/test-classpath.txt ]]; then
    echo "$label: building test classes..." >&2
    mvn -q -o -B test-compile dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >&2
  fi
  bench_snapshot="$(mktemp -d)"
  trap 'rm -rf "$bench_snapshot"' EXIT
  cp -r target/classes "$bench_snapshot/classes"
  cp -r target/test-classes "$bench_snapshot/test-classes"
  classpath="$bench_snapshot/test-classes:$bench_snapshot/classes:$(cat target/test-classpath.txt)"
  # shellcheck disable=SC2207
  opens=($(sed -n 's:.*<spark.java.opens>\(.*\)</spark.java.opens>.*:\1:p' pom.xml))
}

java_run() {
  java -Xmx"${BENCH_HEAP:-6g}" --add-modules jdk.incubator.vector "${opens[@]}" \
    -Dlog4j2.configurationFile="file:$root/conf/log4j2.properties" -cp "$classpath" "$@"
}
