# Sourced by the benchmarks that start the platform (bench/*/run.sh, from the repository root): the tools they
# need, the launcher they run, and the processes they start, each stopped by its PID when the script exits.
# Usage: work=$(mktemp -d …); . bench/lib.sh; need wrk bc; then `(… exec java …) & started $!` per process.

need() {
  for tool in "$@"; do command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install $tool)"; exit 1; }; done
}

# The launcher jar, packaged in this checkout (never installed into the local Maven repository); JAR= names
# another build.
JAR=${JAR:-launcher/target/humane-launcher.jar}
[ -f "$JAR" ] || ./mvnw -q -B -o -DskipTests package -pl launcher -am

pids=()
# Each background process is java itself (exec), so the PIDs kept are the ones to stop.
started() { pids+=("$1"); }
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap stop_all EXIT

# Waits up to 4 minutes for a line in a log; shows the log's end and fails otherwise.
await() {  # file, text
  for _ in $(seq 1 240); do grep -q "$2" "$1" && return 0; sleep 1; done
  tail -50 "$1"; exit 1
}
