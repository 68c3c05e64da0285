#!/usr/bin/env bash
# Requests per second of an API-key GET /api/v1/engines through the whole edge chain (rate limit,
# idempotency check, security headers, access log) beside the same request on a second instance started
# with EDGE_CHAIN=off, both on one PostgreSQL, measured in alternating rounds of one run; prints the ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-15s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-4}
ON_PORT=${ON_PORT:-18090}
OFF_PORT=${OFF_PORT:-18091}
DB_PORT=${DB_PORT:-54397}
work=$(mktemp -d /tmp/humane-edge-bench.XXXXXX)
. bench/lib.sh
need wrk bc curl

(HUMANE_HOME="$work/db" HUMANE_DB_PORT=$DB_PORT exec java -jar $JAR database --env-file "$work/db.env" > "$work/db.log" 2>&1) & started $!
await "$work/db.log" "PostgreSQL 16 is running"
set -a; . "$work/db.env"; set +a

# The chain's instance keeps every control; its plan ceiling is lifted only so that the load generator
# itself is never answered 429 (every request is still counted, in the data grid since #16).
(HUMANE_HOME="$work/on" HUMANE_PORT=$ON_PORT RATELIMIT_PLAN_FREE=100000000 exec java -jar $JAR run > "$work/on.log" 2>&1) & started $!
await "$work/on.log" "Humane is running"
(HUMANE_HOME="$work/off" HUMANE_PORT=$OFF_PORT EDGE_CHAIN=off exec java -jar $JAR run > "$work/off.log" 2>&1) & started $!
await "$work/off.log" "Humane is running"

key=$(HUMANE_HOME="$work/on" java -jar $JAR create-tenant --organization Bench --email bench-edge@example.test --json \
  | sed -n 's/.*"api_key": "\([^"]*\)".*/\1/p')
url() { echo "http://127.0.0.1:$1/api/v1/engines"; }

# The switch did what it says: the chain's answer has the headers, the other has none of them.
curl -s -D - -o /dev/null -H "Authorization: Bearer $key" "$(url $ON_PORT)" | grep -qi '^ratelimit-policy:' \
  || { echo "the edge chain is missing on :$ON_PORT"; exit 1; }
if curl -s -D - -o /dev/null -H "Authorization: Bearer $key" "$(url $OFF_PORT)" | grep -qi '^ratelimit-policy:'; then
  echo "EDGE_CHAIN=off did not take effect on :$OFF_PORT"; exit 1
fi

load() { wrk -t1 -c"$CONNECTIONS" -d"$1" --latency -H "Authorization: Bearer $key" "$(url "$2")"; }
rps() { awk '/Requests\/sec/ {print $2}'; }
pct() { awk -v p="$1%" '$1 == p {print $2}'; }
non2xx() { awk '/Non-2xx/ {print $NF}'; }

# Warm-up (pools, JIT) until both servers' compilers have settled (bench/lib.sh).
on_jvm=$(server_of "${pids[1]}"); off_jvm=$(server_of "${pids[2]}")
settled "$on_jvm load 10s $ON_PORT" "$off_jvm load 10s $OFF_PORT"
# JFR_DIR=folder: flight recordings of both servers over the measured rounds, and the CPU each spent per request.
if [ -n "${JFR_DIR:-}" ]; then
  mkdir -p "$JFR_DIR"; for s in $on_jvm $off_jvm; do jcmd "$s" JFR.start name=bench settings=profile > /dev/null; done
fi
# CPU (ms) of: the server's JVM in user and in kernel mode, its launcher (which copies the server's output to its
# log), the benchmark's PostgreSQL (bench/lib.sh postgres_pids), and the server's compilers' clock.
cpu_split() { local hz; hz=$(getconf CLK_TCK)
  echo "$(awk -v hz=$hz '{print int($14 * 1000 / hz), int($15 * 1000 / hz)}' /proc/$1/stat) $(cpu_ms "$2") $(cpu_ms $(postgres_pids "$work/db")) $(compile_ms "$1")"; }
measure() {  # duration, port: the load's wrk output; also "port user sys launcher postgres compiling requests" in $work/cpu.txt
  local jvm=$on_jvm launcher=${pids[1]}; [ "$2" = "$OFF_PORT" ] && jvm=$off_jvm launcher=${pids[2]}
  local c0 c1 out; thread_ms "$jvm" > "$work/threads.before"; c0=($(cpu_split "$jvm" "$launcher"))
  out=$(load "$1" "$2"); echo "$out"; c1=($(cpu_split "$jvm" "$launcher")); thread_ms "$jvm" > "$work/threads.after"
  # Each thread group's CPU over this load, summed over the rounds per side in $work/threads.txt: "port name ms".
  awk -F'\t' -v port="$2" 'NR == FNR {b[$1] = $2; next} {printf "%s\t%s\t%d\n", port, $1, $2 - b[$1]}' \
    "$work/threads.before" "$work/threads.after" >> "$work/threads.txt"
  echo "$2 $((c1[0] - c0[0])) $((c1[1] - c0[1])) $((c1[2] - c0[2])) $((c1[3] - c0[3])) $((c1[4] - c0[4])) $(echo "$out" | awk '/requests in/ {print $1}')" >> "$work/cpu.txt"
}

printf '| round | chain on req/s | p50 | p99 | chain off req/s | p50 | p99 |\n|---|---|---|---|---|---|---|\n' > "$work/table"
on_total=0; off_total=0
for round in $(seq 1 "$ROUNDS"); do
  # Alternate which goes first, so drift (JIT, vacuum, the machine) falls on both sides.
  if (( round % 2 )); then on=$(measure "$DURATION" $ON_PORT); off=$(measure "$DURATION" $OFF_PORT)
  else off=$(measure "$DURATION" $OFF_PORT); on=$(measure "$DURATION" $ON_PORT); fi
  for run in "$on" "$off"; do
    bad=$(echo "$run" | non2xx); [ -z "$bad" ] || { echo "non-2xx answers during the load: $bad"; echo "$run"; exit 1; }
  done
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$round" "$(echo "$on" | rps)" "$(echo "$on" | pct 50)" \
    "$(echo "$on" | pct 99)" "$(echo "$off" | rps)" "$(echo "$off" | pct 50)" "$(echo "$off" | pct 99)" >> "$work/table"
  on_total=$(echo "$on_total + $(echo "$on" | rps)" | bc -l)
  off_total=$(echo "$off_total + $(echo "$off" | rps)" | bc -l)
done
cat "$work/table"
printf 'mean req/s: chain on %.0f, chain off %.0f; ratio (on / off) %.3f\n' \
  "$(echo "$on_total / $ROUNDS" | bc -l)" "$(echo "$off_total / $ROUNDS" | bc -l)" "$(echo "$on_total / $off_total" | bc -l)"
echo "access-log lines: chain on $(grep -c '"route":"api/v1/engines"' "$work/on.log" || true), chain off $(grep -c '"route":"api/v1/engines"' "$work/off.log" || true)"
awk -v on=$ON_PORT '{side = $1 == on ? "chain on" : "chain off"; u[side] += $2; s[side] += $3; l[side] += $4; p[side] += $5; j[side] += $6; n[side] += $7}
     END {for (k in u) printf "CPU per request, %s: server %.3f ms (user %.3f, kernel %.3f; its compilers ran %.3f ms), its launcher %.3f, PostgreSQL %.3f (%d requests)\n",
       k, (u[k] + s[k]) / n[k], u[k] / n[k], s[k] / n[k], j[k] / n[k], l[k] / n[k], p[k] / n[k], n[k]}' "$work/cpu.txt"
# Where the difference is, by the server's thread groups (µs of CPU a request; the ten largest differences).
awk -F'\t' -v on=$ON_PORT 'FNR == NR {n[$1 == on ? "on" : "off"] += $7; next}
     {side = $1 == on ? "on" : "off"; ms[$2, side] += $3; names[$2] = 1}
     END {for (k in names) printf "%s\t%.1f\t%.1f\t%.1f\n", k, 1000 * ms[k, "on"] / n["on"], 1000 * ms[k, "off"] / n["off"],
       1000 * (ms[k, "on"] / n["on"] - ms[k, "off"] / n["off"])}' FS=' ' "$work/cpu.txt" FS='\t' "$work/threads.txt" \
  | sort -t$'\t' -k4,4 -g -r | head -10 | awk -F'\t' 'BEGIN {print "server threads, µs of CPU a request: chain on, chain off, difference"}
      {printf "  %-16s %8s %8s %8s\n", $1, $2, $3, $4}'
if [ -n "${JFR_DIR:-}" ]; then
  jcmd "$on_jvm" JFR.stop name=bench filename="$JFR_DIR/on.jfr" > /dev/null
  jcmd "$off_jvm" JFR.stop name=bench filename="$JFR_DIR/off.jfr" > /dev/null
fi
