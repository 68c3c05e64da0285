#!/usr/bin/env bash
# Issue 13's benchmarks, side by side in one run on one PostgreSQL:
#  1. messages per second through POST /end-users/{id}/messages with a lexicon engine, on an instance that
#     analyses, beside the same request on an instance started with ANALYSIS=off (stores without analysis);
#  2. the LLM path against a loopback provider with a fixed 200 ms latency: API-key GET /engines p50/p99 on the
#     analysing instance, idle and while LLM messages are posted as fast as wrk can (the queue saturated).
# Every load is bounded by wrk's -d; everything is on 127.0.0.1; what is started is stopped by PID.
# SECTIONS="2" runs the second only (the warm-up and section 1 take most of the time).
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-15s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-4}
SECTIONS=${SECTIONS:-1 2}
ON_PORT=${ON_PORT:-18190}
OFF_PORT=${OFF_PORT:-18191}
PROVIDER_PORT=${PROVIDER_PORT:-18192}
DB_PORT=${DB_PORT:-54398}
work=$(mktemp -d /tmp/humane-analysis-bench.XXXXXX)
. bench/lib.sh
need wrk bc curl

(exec java bench/analysis/SlowProvider.java $PROVIDER_PORT 200 > "$work/provider.log" 2>&1) & started $!
(HUMANE_HOME="$work/db" HUMANE_DB_PORT=$DB_PORT exec java -jar $JAR database --env-file "$work/db.env" > "$work/db.log" 2>&1) & started $!
await "$work/db.log" "PostgreSQL 16 is running"
await "$work/provider.log" "slow provider"
set -a; . "$work/db.env"; set +a
(HUMANE_HOME="$work/on" HUMANE_PORT=$ON_PORT RATELIMIT_PLAN_FREE=100000000 OUTBOUND_ALLOWLIST=127.0.0.1:$PROVIDER_PORT \
  exec java -jar $JAR run > "$work/on.log" 2>&1) & started $!
await "$work/on.log" "Humane is running"
(HUMANE_HOME="$work/off" HUMANE_PORT=$OFF_PORT RATELIMIT_PLAN_FREE=100000000 ANALYSIS=off exec java -jar $JAR run > "$work/off.log" 2>&1) & started $!
await "$work/off.log" "Humane is running"

export KEY=$(HUMANE_HOME="$work/on" java -jar $JAR create-tenant --organization Bench --email bench-analysis@example.test --json \
  | sed -n 's/.*"api_key": "\([^"]*\)".*/\1/p')
api() { curl -s -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "$@"; }
id() { sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -1; }
export ENGINE=$(api -d '{"name":"lexicon","kind":"lexicon"}' http://127.0.0.1:$ON_PORT/api/v1/engines | id)
export END_USER=$(api -d '{"external_id":"bench"}' http://127.0.0.1:$ON_PORT/api/v1/end-users | id)
# Many end users too: the spread run separates the per-user profile row lock from the analysis itself.
for n in $(seq 1 "${END_USER_COUNT:-200}"); do
  made=$(api -d "{\"external_id\":\"bench-$n\"}" http://127.0.0.1:$ON_PORT/api/v1/end-users)
  echo "$made" | id | grep . || { echo "end user $n was not created: $made" >&2; exit 1; }
done > "$work/end-users.txt"
LLM=$(api -d "{\"name\":\"llm\",\"kind\":\"llm\",\"provider_url\":\"http://127.0.0.1:$PROVIDER_PORT/v1/chat/completions\",\"provider_api_key\":\"sk-bench\"}" \
  http://127.0.0.1:$ON_PORT/api/v1/engines | id)
# The switch did what it says: the analysing instance answers an analysis, the other none.
api -d "{\"engine_id\":\"$ENGINE\",\"role\":\"user\",\"content\":\"good\"}" http://127.0.0.1:$ON_PORT/api/v1/end-users/$END_USER/messages | grep -q '"method":"lexicon"' \
  || { echo "no analysis on :$ON_PORT"; exit 1; }
api -d "{\"engine_id\":\"$ENGINE\",\"role\":\"user\",\"content\":\"good\"}" http://127.0.0.1:$OFF_PORT/api/v1/end-users/$END_USER/messages | grep -q '"analysis":null' \
  || { echo "ANALYSIS=off did not take effect on :$OFF_PORT"; exit 1; }

post() {
  [ -n "${on_server:-}" ] || { wrk -t1 -c"$CONNECTIONS" -d"$1" --latency -s bench/analysis/post.lua "http://127.0.0.1:$2"; return; }
  # With JFR_DIR, also the CPU the loaded server and PostgreSQL spent on this load, per request.
  local server=$on_server; [ "$2" = "$OFF_PORT" ] && server=$off_server
  local s0 p0 out; s0=$(cpu_ms $server); p0=$(cpu_ms $pg)
  out=$(wrk -t1 -c"$CONNECTIONS" -d"$1" --latency -s bench/analysis/post.lua "http://127.0.0.1:$2"); echo "$out"
  echo "$2 $(( $(cpu_ms $server) - s0 )) $(( $(cpu_ms $pg) - p0 )) $(echo "$out" | awk '/requests in/ {print $1}')" >> "$work/cpu.txt"
}
get() { wrk -t1 -c"$CONNECTIONS" -d"$1" --latency -H "Authorization: Bearer $KEY" "http://127.0.0.1:$2/api/v1/engines"; }
rps() { awk '/Requests\/sec/ {print $2}'; }
pct() { awk -v p="$1%" '$1 == p {print $2}'; }
non2xx() { awk '/Non-2xx/ {print $NF}'; }

on_jvm=$(server_of "${pids[2]}"); off_jvm=$(server_of "${pids[3]}")
# Until both servers' JIT compilers have settled (bench/lib.sh), in 10 s repetitions of the measured load.
if [[ " $SECTIONS " == *" 1 "* ]]; then settled "$on_jvm post 10s $ON_PORT" "$off_jvm post 10s $OFF_PORT"; fi
settle "$on_jvm" get 10s $ON_PORT

side_by_side() {
printf '| round | analysis on req/s | p50 | p99 | analysis off req/s | p50 | p99 |\n|---|---|---|---|---|---|---|\n'
on_total=0; off_total=0
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then on=$(post "$DURATION" $ON_PORT); off=$(post "$DURATION" $OFF_PORT)
  else off=$(post "$DURATION" $OFF_PORT); on=$(post "$DURATION" $ON_PORT); fi
  for run in "$on" "$off"; do bad=$(echo "$run" | non2xx); [ -z "$bad" ] || { echo "non-2xx: $bad"; echo "$run"; exit 1; }; done
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$round" "$(echo "$on" | rps)" "$(echo "$on" | pct 50)" "$(echo "$on" | pct 99)" \
    "$(echo "$off" | rps)" "$(echo "$off" | pct 50)" "$(echo "$off" | pct 99)"
  on_total=$(echo "$on_total + $(echo "$on" | rps)" | bc -l); off_total=$(echo "$off_total + $(echo "$off" | rps)" | bc -l)
done
printf 'ratio (on / off) %.3f\n\n' "$(echo "$on_total / $off_total" | bc -l)"
}
# JFR_DIR=folder: flight recordings of both servers (Payara Micro, each launcher's child) over section 1, and the CPU
# time each server and PostgreSQL spent in it.
if [ -n "${JFR_DIR:-}" ]; then
  on_server=$on_jvm; off_server=$off_jvm; pg=$(pgrep -f "postgres" | tr '\n' ' ')
  for s in $on_server $off_server; do jcmd "$s" JFR.start name=bench settings=profile > /dev/null; done
  c0="$(cpu_ms $on_server) $(cpu_ms $off_server) $(cpu_ms $pg)"
fi
if [[ " $SECTIONS " == *" 1 "* ]]; then
echo "## 1a. POST /messages with a lexicon engine, one end user (one hot profile row): analysing vs ANALYSIS=off"
export END_USERS=; side_by_side
echo "## 1b. The same, round $(wc -l < "$work/end-users.txt") end users: analysing vs ANALYSIS=off"
export END_USERS="$work/end-users.txt"; side_by_side
fi

if [ -n "${JFR_DIR:-}" ]; then
  mkdir -p "$JFR_DIR"
  jcmd "$on_server" JFR.stop name=bench filename="$JFR_DIR/on.jfr" > /dev/null
  jcmd "$off_server" JFR.stop name=bench filename="$JFR_DIR/off.jfr" > /dev/null
  awk -v on=$ON_PORT '{side = $1 == on ? "analysing" : "ANALYSIS=off"; s[side] += $2; p[side] += $3; n[side] += $4}
       END {for (k in s) printf "CPU per request, %s: server %.3f ms, PostgreSQL %.3f ms (%d requests)\n", k, s[k] / n[k], p[k] / n[k], n[k]}' "$work/cpu.txt"
  read -r a b c <<< "$c0"
  echo "CPU over section 1: analysing server $(( $(cpu_ms $on_server) - a )) ms, the other $(( $(cpu_ms $off_server) - b )) ms," \
    "PostgreSQL (all of this machine's) $(( $(cpu_ms $pg) - c )) ms"
fi

echo "## 2. GET /engines while the dispatcher works through a full LLM queue (provider: 200 ms)"
idle=$(get "$DURATION" $ON_PORT)
# Fill the queue first (bounded by time), then measure while only the dispatcher works on it.
ENGINE=$LLM END_USERS="$work/end-users.txt" wrk -t1 -c"$CONNECTIONS" -d"${FILL:-10s}" -s bench/analysis/post.lua \
  "http://127.0.0.1:$ON_PORT" > "$work/llm-post.txt"
posted=$(awk '/requests in/ {print $1}' "$work/llm-post.txt")
usage() { api http://127.0.0.1:$ON_PORT/api/v1/engines/$LLM/usage | sed -n "s/.*\"${1:-requests}\":\([0-9]*\).*/\1/p"; }
before=$(usage)
busy=$(get "$DURATION" $ON_PORT)
after=$(usage)
printf '| GET /engines | req/s | p50 | p99 |\n|---|---|---|---|\n| idle | %s | %s | %s |\n| dispatcher draining the LLM queue | %s | %s | %s |\n' \
  "$(echo "$idle" | rps)" "$(echo "$idle" | pct 50)" "$(echo "$idle" | pct 99)" "$(echo "$busy" | rps)" "$(echo "$busy" | pct 50)" "$(echo "$busy" | pct 99)"
echo "LLM messages queued: $posted; provider calls before the measurement: $before, after: $after"
# A fallback is an analysis the provider never answered: the drain measured above would be a lexicon's.
fallbacks=$(usage fallbacks); [ "${fallbacks:-0}" -eq 0 ] || { echo "FAILED: $fallbacks analyses fell back to the lexicon"; exit 1; }
echo "provider requests in flight at once, at most: $(curl -s http://127.0.0.1:$PROVIDER_PORT/stats | sed -n 's/.*"most_in_flight":\([0-9]*\).*/\1/p')"
[[ "$DURATION" =~ ^[0-9]+s$ ]] && printf 'provider calls a second while measured: %.1f (the bulkhead allows %s in flight)\n' \
  "$(echo "(${after:-0} - ${before:-0}) / ${DURATION%s}" | bc -l)" "${LLM_BULKHEAD:-4}"
[ "${after:-0}" -lt "${posted:-0}" ] && echo "the queue was still not empty when the measurement ended: it was saturated throughout" \
  || echo "WARNING: the queue emptied during the measurement; raise FILL"
