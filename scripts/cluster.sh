#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, with no Spark download:
#
#   scripts/cluster.sh start [--workers N] [--cores C] [--memory M] [--port P] [--timeout S]
#   scripts/cluster.sh status
#   scripts/cluster.sh stop
#   scripts/dpnet --cluster train ...        # submit to it (see scripts/dpnet)
#
# One Master (org.apache.spark.deploy.master.Master) and N Workers
# (org.apache.spark.deploy.worker.Worker) run as background JVMs from the Spark jars Maven resolved
# (target/classpath.txt, written by scripts/dpnet), all bound to 127.0.0.1, with
# spark.authenticate=true and a secret generated at every start. Everything lives in
# $DPNET_CLUSTER_DIR (default target/cluster/):
#
#   secret             the shared secret (mode 0600; a new one every start)
#   daemon.properties  --properties-file of the master and workers (0600: holds the secret)
#   client.properties  --properties-file for spark-submit: master URL, secret, driver on loopback,
#                      application web UI off (0600)
#   master-url, webui-url
#   spark-home/        the minimal SPARK_HOME the workers need (see below)
#   run/*.pid, logs/*.log, work/worker-I/ (executor stdout/stderr per application)
#
# What a Worker needs from SPARK_HOME: it launches each executor with Spark's launcher
# (WorkerCommandBuilder), whose classpath is the app's spark.executor.extraClassPath,
# $SPARK_HOME/conf/ and $SPARK_HOME/jars/* — and it fails ("Library directory ... does not exist")
# without a jars/ directory, and asks for SPARK_SCALA_VERSION (or a Spark build tree) to know the
# Scala version. So spark-home/jars/ holds symlinks to the Maven-resolved jars, spark-home/conf/ is
# empty (Spark's default log4j2 config, INFO, goes to the log files), and the daemons run with
# SPARK_HOME=spark-home and SPARK_SCALA_VERSION=2.13. Jars whose classes the application jar
# already bundles (EJML, picocli, ...) are left out, so executors get dpnet's own dependencies
# from target/dpnet-app.jar exactly as on a real cluster.
#
# Java 17: the daemons get the --add-opens flags of scripts/dpnet; executors get them from the
# driver (SparkContext adds them to spark.executor.extraJavaOptions). The secret reaches the
# executors through the environment (Spark's _SPARK_AUTH_SECRET), never a command line.
#
# Applications wait for all of the cluster's cores (spark.cores.max = workers x cores, with
# minRegisteredResourcesRatio=1) before their first job, up to 120 s: the data is then spread over
# every executor, and a client the master refuses (wrong secret: Spark gives up after 3 x 20 s of
# registration attempts) fails while its SparkContext starts, with a non-zero exit. Without this
# wait its first job is already queued when Spark gives up, and Spark sometimes leaves that job
# waiting forever on the stopped context (seen here: the driver hangs after "All masters are
# unresponsive! Giving up.").
#
# Web UIs: Spark 4.2 cannot switch off the master's or a worker's UI, so they bind to
# SPARK_LOCAL_IP=127.0.0.1 (the master's on a free port from 8080, recorded in webui-url; its
# /json endpoint is how start waits for the workers and how status lists them). Applications get
# spark.ui.enabled=false from client.properties. The master's REST submission server is off.
#
# Ports: the master takes --port P, or the first free port from 7077. Workers use free ports.
# spark.port.maxRetries=0: a port taken meanwhile fails the start instead of Spark silently moving
# to the next one (which master-url would not know).
# Memory: --memory is what each worker offers executors (default 2g; an executor takes
# spark.executor.memory, 1g by default); the daemons themselves run with -Xmx512m.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${DPNET_CLUSTER_DIR:-$root/target/cluster}"
spark_home="$dir/spark-home"
run="$dir/run"
logs="$dir/logs"

# The same opens scripts/dpnet gives the driver (Spark's launcher adds this list for its daemons).
opens=(
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true
)
master_class=org.apache.spark.deploy.master.Master
worker_class=org.apache.spark.deploy.worker.Worker

die() {
  echo "cluster.sh: error: $*" >&2
  exit 1
}

usage() {
  sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

# The pid in run/NAME.pid if that process is alive and still is the daemon we started (a pid
# file can outlive its process and the pid be reused).
live_pid() {
  local file="$run/$1.pid" class="$2" pid
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" | grep -qF -- "$class" || return 1
  tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" | grep -qF -- "$spark_home" || return 1
  echo "$pid"
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port_from() {
  local p="$1"
  while ! port_free "$p"; do
    p=$((p + 1))
    ((p < 65535)) || die "no free port from $1"
  done
  echo "$p"
}

master_json() {
  curl -fsS --max-time 5 "$(cat "$dir/webui-url")/json/" 2>/dev/null
}

alive_workers() {
  master_json | sed -n 's/.*"aliveworkers" *: *\([0-9]*\).*/\1/p'
}

# Builds spark-home/jars from target/classpath.txt, without the jars the app jar bundles.
make_spark_home() {
  "$root/scripts/dpnet" --help >/dev/null # builds target/dpnet-app.jar and target/classpath.txt if stale
  local app_entries jar first_class
  rm -rf "$spark_home"
  mkdir -p "$spark_home/jars" "$spark_home/conf"
  app_entries="$(unzip -Z1 "$root/target/dpnet-app.jar")"
  tr ':' '\n' < "$root/target/classpath.txt" | while read -r jar; do
    [[ -n "$jar" ]] || continue
    first_class="$(unzip -Z1 "$jar" 2>/dev/null | grep -v '^META-INF/' | grep -m1 '\.class$' || true)"
    if [[ -n "$first_class" ]] && grep -qxF -- "$first_class" <<<"$app_entries"; then
      continue
    fi
    ln -s "$jar" "$spark_home/jars/$(basename "$jar")"
  done
  [[ -n "$(find "$spark_home/jars" -name 'spark-core_*.jar' -print -quit)" ]] \
    || die "no spark-core jar in $root/target/classpath.txt"
}

# Starts one daemon in its own session, detached from our stdin/stdout so callers that wait for
# this script's output (tests, CI) do not wait for the daemon.
launch() {
  local name="$1" class="$2"
  shift 2
  SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 \
    setsid java -Xmx512m "${opens[@]}" -cp "$spark_home/conf/:$spark_home/jars/*" "$class" "$@" \
    </dev/null >"$logs/$name.log" 2>&1 &
  echo $! > "$run/$name.pid"
}

status() {
  local pid
  if ! pid="$(live_pid master "$master_class")"; then
    echo "cluster.sh: no cluster running (in $dir)"
    return 3
  fi
  echo "master   $(cat "$dir/master-url")  pid $pid  ui $(cat "$dir/webui-url")"
  # The master's JSON is pretty-printed one field per line; print each worker from its fields.
  master_json | awk '
    /"workers" *:/ { inWorkers = 1 }
    /"activeapps" *:|"completedapps" *:/ { inWorkers = 0 }
    inWorkers && /"(id|host|port|cores|memory|state)" *:/ {
      line = $0; sub(/^[^:]*: */, "", line); gsub(/[",]/, "", line)
      key = $0; sub(/^ *"/, "", key); sub(/".*/, "", key); w[key] = line
      if (key == "state") {
        printf "worker   %s  %s:%s  %s cores  %s MiB  %s\n", w["id"], w["host"], w["port"], w["cores"], w["memory"], w["state"]
      }
    }'
  echo "alive workers: $(alive_workers)"
}

# Sends SIGTERM to all the given pids, waits up to 30 s for all of them, then SIGKILLs the rest.
stop_pids() {
  local what="$1" pid i still
  shift
  (($#)) || return 0
  kill "$@" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    still=()
    for pid in "$@"; do
      kill -0 "$pid" 2>/dev/null && still+=("$pid")
    done
    ((${#still[@]})) || return 0
    sleep 0.2
  done
  echo "cluster.sh: $what (pids ${still[*]}) did not stop within 30s; killing them" >&2
  kill -9 "${still[@]}" 2>/dev/null || true
}

# Executors of this cluster: their classpath names spark-home.
executor_pids() {
  local p
  for p in /proc/[0-9]*; do
    tr '\0' ' ' 2>/dev/null < "$p/cmdline" | grep -F -- "$spark_home" \
      | grep -qF org.apache.spark.executor.CoarseGrainedExecutorBackend && echo "${p#/proc/}"
  done
  return 0
}

stop() {
  local f name pid worker_pids=() names=() master="" executors
  for f in "$run"/worker-*.pid; do
    [[ -f "$f" ]] || continue
    name="$(basename "$f" .pid)"
    if pid="$(live_pid "$name" "$worker_class")"; then
      worker_pids+=("$pid")
      names+=("$name (pid $pid)")
    fi
  done
  master="$(live_pid master "$master_class")" || master=""
  # Workers first (each kills its executors on the way out), then the master.
  stop_pids workers "${worker_pids[@]}"
  read -ra executors <<<"$(executor_pids | tr '\n' ' ')"
  stop_pids "leftover executors" "${executors[@]}"
  [[ -z "$master" ]] || stop_pids master "$master"
  rm -f "$run"/*.pid "$dir/client.properties"
  for name in "${names[@]}"; do
    echo "cluster.sh: stopped $name"
  done
  ((${#executors[@]} == 0)) || echo "cluster.sh: stopped leftover executors (pids ${executors[*]})"
  if [[ -n "$master" ]]; then
    echo "cluster.sh: stopped master (pid $master)"
  elif ((${#worker_pids[@]} == 0)); then
    echo "cluster.sh: no cluster running (in $dir)"
  fi
}

start() {
  local workers=2 cores=1 memory=2g port="" timeout=90
  while (($#)); do
    case "$1" in
      --workers) workers="$2"; shift 2 ;;
      --cores) cores="$2"; shift 2 ;;
      --memory) memory="$2"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      --timeout) timeout="$2"; shift 2 ;;
      -h|--help) usage 0 ;;
      *) die "unknown option '$1' for start (see scripts/cluster.sh --help)" ;;
    esac
  done
  [[ "$workers" =~ ^[1-9][0-9]*$ ]] || die "--workers must be a positive integer, got '$workers'"
  [[ "$cores" =~ ^[1-9][0-9]*$ ]] || die "--cores must be a positive integer, got '$cores'"
  [[ "$memory" =~ ^[1-9][0-9]*[mMgG]$ ]] || die "--memory must look like 512m or 2g, got '$memory'"
  [[ "$timeout" =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a positive number of seconds, got '$timeout'"
  local tool
  for tool in java curl unzip setsid; do
    command -v "$tool" >/dev/null || die "start needs $tool on the PATH"
  done
  if live_pid master "$master_class" >/dev/null; then
    die "a cluster is already running in $dir (scripts/cluster.sh status; scripts/cluster.sh stop)"
  fi
  stop >/dev/null # clears stale pid files and workers left from a half-failed start

  mkdir -p "$run" "$logs" "$dir/work"
  make_spark_home
  if [[ -z "$port" ]]; then
    port="$(free_port_from 7077)"
  elif ! port_free "$port"; then
    die "port $port on 127.0.0.1 is in use"
  fi
  local ui_port master_url secret
  ui_port="$(free_port_from 8080)"
  master_url="spark://127.0.0.1:$port"

  (
    umask 077
    head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/secret"
    secret="$(cat "$dir/secret")"
    cat > "$dir/daemon.properties" <<EOF
spark.authenticate=true
spark.authenticate.secret=$secret
spark.master.rest.enabled=false
spark.port.maxRetries=0
EOF
    cat > "$dir/client.properties" <<EOF
spark.master=$master_url
spark.authenticate=true
spark.authenticate.secret=$secret
spark.ui.enabled=false
spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector
spark.driver.host=127.0.0.1
spark.driver.bindAddress=127.0.0.1
spark.cores.max=$((workers * cores))
spark.scheduler.minRegisteredResourcesRatio=1.0
spark.scheduler.maxRegisteredResourcesWaitingTime=120s
EOF
  )
  echo "$master_url" > "$dir/master-url"
  echo "http://127.0.0.1:$ui_port" > "$dir/webui-url"

  launch master "$master_class" --host 127.0.0.1 --port "$port" --webui-port "$ui_port" \
    --properties-file "$dir/daemon.properties"
  local i deadline=$((SECONDS + timeout))
  until master_json >/dev/null; do
    live_pid master "$master_class" >/dev/null || { tail -n 30 "$logs/master.log" >&2; stop >/dev/null; die "the master exited; its log is $logs/master.log"; }
    ((SECONDS < deadline)) || { stop >/dev/null; die "the master did not answer on $(cat "$dir/webui-url") within ${timeout}s; see $logs/master.log"; }
    sleep 0.5
  done
  for ((i = 1; i <= workers; i++)); do
    mkdir -p "$dir/work/worker-$i"
    launch "worker-$i" "$worker_class" --host 127.0.0.1 --cores "$cores" --memory "$memory" \
      --work-dir "$dir/work/worker-$i" --webui-port 0 --properties-file "$dir/daemon.properties" "$master_url"
  done
  local alive=0
  while :; do
    alive="$(alive_workers || echo 0)"
    ((${alive:-0} >= workers)) && break
    for ((i = 1; i <= workers; i++)); do
      live_pid "worker-$i" "$worker_class" >/dev/null || {
        tail -n 30 "$logs/worker-$i.log" >&2
        stop >/dev/null
        die "worker-$i exited; its log is $logs/worker-$i.log"
      }
    done
    if ((SECONDS >= deadline)); then
      stop >/dev/null
      die "only ${alive:-0} of $workers workers registered with $master_url within ${timeout}s; see $logs/"
    fi
    sleep 0.5
  done
  echo "cluster.sh: started $master_url with $workers workers ($cores cores, $memory each) in $dir"
  status
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; (($# == 0)) || die "stop takes no options"; stop ;;
  status) shift; (($# == 0)) || die "status takes no options"; status ;;
  -h|--help|help) usage 0 ;;
  *) usage 2 >&2 ;;
esac
