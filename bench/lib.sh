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

# HotSpot keeps compiling this application for minutes after boot: a JFR recording over the analysis benchmark's
# section 1 (2026-12-03, bench/analysis/REPORT.md) found each server compiling 10,600 more methods in its 124 s (on
# top of 27,600), the C2 thread the machine's busiest, the idle instance still compiling while the other was measured;
# twelve 10 s repetitions of POST /messages later the compilers' clock still grew 7 s in every 10. A side-by-side
# ratio of two JVMs in different states of that warm-up measures the JIT as much as the code. `settle` repeats one
# load against one server until its compilers' clock (jstat: time spent in compilations) grew less than SETTLE_MS
# (default 1,500 ms) during one repetition, at most SETTLE_ROUNDS (default 6) times, and prints each repetition's
# compile time on stderr; `settled` does so for several servers in turn. The measured rounds alternate their order, so
# what compiling is left falls on both sides.
# Usage: settle PID COMMAND...; settled "PID COMMAND..." "PID COMMAND..." (each a quoted string).
compile_ms() { jstat -compiler "$1" | awk 'NR == 2 {printf "%d\n", $4 * 1000}'; }
settle() {
  local pid=$1 before spent n; shift
  for n in $(seq 1 "${SETTLE_ROUNDS:-6}"); do
    before=$(compile_ms "$pid"); "$@" > /dev/null; spent=$(( $(compile_ms "$pid") - before ))
    echo "warm-up of $pid, repetition $n: $spent ms compiling" >&2
    (( spent < ${SETTLE_MS:-1500} )) && return 0
  done
  echo "warm-up of $pid: its compilers had not settled after ${SETTLE_ROUNDS:-6} repetitions" >&2
}
settled() {
  local side
  for side in "$@"; do settle $side; done
}

# The Payara Micro JVM a launcher (`java -jar humane-launcher.jar run`, PID given) started: its only child.
server_of() { ps -o pid= --ppid "$1" | tr -d ' ' | head -1; }
# The PostgreSQL processes of the embedded server whose data lies under folder $1 (its postmaster names the folder,
# each backend is the postmaster's child): another run's or another session's PostgreSQL is not counted.
postgres_pids() { pgrep -u "$(id -u)" -f "postgres.*$1|postgres: " | while read -r p; do
  grep -qs "$1" /proc/$p/cmdline /proc/$(ps -o ppid= $p | tr -d ' ')/cmdline 2>/dev/null && echo $p; done; }
# CPU time (user + system, ms) the given processes have used so far.
cpu_ms() { local total=0 pid; for pid in "$@"; do [ -r /proc/$pid/stat ] || continue
  total=$((total + $(awk '{print $14 + $15}' /proc/$pid/stat))); done; echo $((total * 1000 / $(getconf CLK_TCK))); }
# CPU time (ms) of each thread group of process $1 so far, one "name ms" line a group: thread names as the kernel keeps
# them (15 characters), numbers folded ("GC Thread#0" and "GC Thread#1" are "GC Thread#N"). Subtract two of these to see
# which threads a load kept busy: JFR's samples cover Java code only, not the collector, the compilers or the kernel.
thread_ms() { local hz; hz=$(getconf CLK_TCK)
  for t in /proc/$1/task/*; do [ -r "$t/stat" ] && printf '%s\t%s\n' "$(tr -d '\n' < "$t/comm" | sed 's/[0-9]\+/N/g')" \
    "$(sed 's/.*) //' "$t/stat" | awk '{print $12 + $13}')"; done 2>/dev/null \
    | awk -F'\t' -v hz=$hz '{ms[$1] += $2 * 1000 / hz} END {for (k in ms) printf "%s\t%d\n", k, ms[k]}'; }
