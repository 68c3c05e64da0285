#!/usr/bin/env bash
# Signed webhook deliveries drained from a full queue beside a bare Apache HttpClient posting the same bodies to
# the same loopback receiver, in one run; then event-to-receipt latency at a steady 100 events/s (#16). Starts its
# own platform (embedded PostgreSQL + Payara Micro) and stops it by PID. PROFILE=1 takes thread dumps of the
# server while the queue drains and prints where the webhook threads were. WARM (3000) events are delivered through
# the open gate first, then WARM_DRAINS (6) drains of EVENTS each are filled and drained unmeasured, so the server's
# drain paths are compiled before the measured one (with the trickle alone its compilers ran through the drain).
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${EVENTS:-1000}
RATE=${RATE:-100}
STEADY=${STEADY:-30}
LANES=${WEBHOOKS_ENDPOINT_CONCURRENCY:-2}
PORT=${HUMANE_PORT:-18298}
RECEIVER=${RECEIVER_PORT:-18299}
DB_PORT=${DB_PORT:-54399}
work=$(mktemp -d /tmp/humane-hooks-bench.XXXXXX)
. bench/lib.sh
need jstack

m2=${M2_REPO:-$HOME/.m2/repository}
apache="$m2/org/apache/httpcomponents/client5/httpclient5/5.6.5/httpclient5-5.6.5.jar"
apache+=":$m2/org/apache/httpcomponents/core5/httpcore5/5.4.4/httpcore5-5.4.4.jar"
apache+=":$m2/org/apache/httpcomponents/core5/httpcore5-h2/5.4.4/httpcore5-h2-5.4.4.jar"
apache+=":$m2/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar"
for jar in ${apache//:/ }; do [ -f "$jar" ] || { echo "missing $jar (./mvnw -q dependency:resolve -pl ejb)"; exit 1; }; done

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores, shared with other work)"
# The receiver is on loopback, which only the non-production allow-list admits; rate limits are lifted so that
# they do not throttle the load generator.
(HUMANE_HOME="$work" HUMANE_DB_PORT=$DB_PORT HUMANE_PORT=$PORT OUTBOUND_ALLOWLIST=127.0.0.1:$RECEIVER \
  RATELIMIT_PLAN_FREE=100000000 RATELIMIT_ANONYMOUS=100000000 WEBHOOKS_ENDPOINT_CONCURRENCY=$LANES \
  exec java -jar "$JAR" run > "$work/platform.log" 2>&1) & started $!
platform=$!
await "$work/platform.log" "Humane is running"
server=$(ps -o pid= --ppid "$platform" | tr -d ' ' | head -1)   # Payara Micro, the launcher's child
key=$(HUMANE_HOME="$work" HUMANE_DB_PORT=$DB_PORT java -jar "$JAR" create-tenant \
  --organization Bench --email bench-hooks@example.test --json | sed -n 's/.*"api_key": "\([^"]*\)".*/\1/p')

flag="$work/draining"   # made by the benchmark when the gate is about to open: after the warm-up and the filling,
# minutes with a long WARM (the watchers below wait up to 10 minutes for it, then up to 5 for the drain)
if [ "${PROFILE:-0}" = 1 ]; then
  mkdir -p "$work/dumps"
  ( for _ in $(seq 1 12000); do [ -f "$flag" ] && break; sleep 0.05; done
    for n in $(seq 1 60); do [ -f "$flag" ] || break; jstack "$server" > "$work/dumps/$n.txt" 2>/dev/null || true; sleep 0.2; done
  ) & profiler=$!
fi

# CPU=1: the CPU time each side spent while the queue drained (server JVM, PostgreSQL's processes, the benchmark's
# own JVM: the receiver), per delivery; the benchmark (DRAIN_WATCHED=1) waits for these readings before it opens the
# gate and after the drain before its bare client starts (until 2026-12-03 19:55 the readings were taken after slow
# look-ups and a jstat, so they measured mostly the bare client's passes); JFR=file.jfr: a flight recording of the server over the drain (JFR_SETTINGS: a
# .jfc of your own, e.g. with no threshold on parks and socket reads, to see where the lanes wait).
if [ "${CPU:-0}" = 1 ] || [ -n "${JFR:-}" ]; then
  ( for _ in $(seq 1 12000); do [ -f "$flag" ] && break; sleep 0.05; done
    [ -n "${JFR:-}" ] && jcmd "$server" JFR.start name=drain settings="${JFR_SETTINGS:-profile}" > /dev/null
    bench=$(pgrep -f "WebhookThroughput.java" | head -1); pg=$(postgres_pids "$work")
    j0=$(compile_ms "$server"); s0=$(cpu_ms "$server"); p0=$(cpu_ms $pg); b0=$(cpu_ms "$bench"); t0=$(date +%s%N)
    touch "$flag.ready"   # the benchmark opens the gate only now, so these readings bracket the drain alone
    for _ in $(seq 1 6000); do [ -f "$flag" ] || break; sleep 0.05; done
    s1=$(cpu_ms "$server"); p1=$(cpu_ms $pg); b1=$(cpu_ms "$bench"); t1=$(date +%s%N); j1=$(compile_ms "$server")
    [ -n "${JFR:-}" ] && jcmd "$server" JFR.stop name=drain filename="$JFR" > /dev/null
    touch "$flag.done"    # and starts the bare client only now
    echo "CPU while draining ($(( (t1 - t0) / 1000000 )) ms wall, $EVENTS deliveries): server $((s1 - s0)) ms," \
      "PostgreSQL $((p1 - p0)) ms, benchmark JVM (receiver) $((b1 - b0)) ms; the server's JIT compiling $((j1 - j0)) ms"
  ) & cpuwatch=$!
fi

# BENCH_JFR=file.jfr: a flight recording of the benchmark's own JVM (the receiver) for the whole run; the drain's
# start and end are printed with their instants, to read its samples.
watched=0; { [ "${CPU:-0}" = 1 ] || [ -n "${JFR:-}" ]; } && watched=1
DRAIN_WATCHED=$watched java ${BENCH_JFR:+-XX:StartFlightRecording=filename=$BENCH_JFR,settings=profile} -cp "$apache" bench/webhooks/WebhookThroughput.java "http://127.0.0.1:$PORT" "$key" "$RECEIVER" "$EVENTS" "$LANES" \
  "$RATE" "$STEADY" "$flag" "${WARM:-3000}" "${WARM_DRAINS:-6}" | tee "$work/bench.out"
# At least once allows duplicates, but a benchmark causes none of their reasons (a try not recorded, a lease run
# out): the platform's log, which the exit deletes with the work folder, is kept to find out why.
if grep -q 'duplicate receipts.*: [1-9]' "$work/bench.out"; then
  kept=$(mktemp /tmp/humane-hooks-duplicates.XXXXXX); cp "$work/platform.log" "$kept"
  echo "duplicate receipts: the platform's log is kept in $kept"
fi

[ -z "${cpuwatch:-}" ] || wait "$cpuwatch" || true
if [ "${PROFILE:-0}" = 1 ]; then
  wait "$profiler" || true
  # Each thread that runs webhook code, classified by the innermost frame of ours (or the JDBC/HTTP call under it).
  echo "thread dumps while draining: $(ls "$work/dumps" | wc -l); webhook threads by where they were:"
  awk '/^"/ {if (where != "") n[where]++; where=""; inside=0; next}
       /ai\.humane\.webhooks/ && where == "" {split($2, f, "("); where=f[1]}
       END {if (where != "") n[where]++; for (w in n) printf "  %5d  %s\n", n[w], w}' "$work"/dumps/*.txt | sort -rn
  echo "(the innermost ai.humane.webhooks frame of each thread in each dump; idle pool threads have none)"
  [ -z "${KEEP_DUMPS:-}" ] || cp -r "$work/dumps" "$KEEP_DUMPS"
fi
