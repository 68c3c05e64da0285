#!/usr/bin/env bash
# Does an answer's time tell whether an address has an account (S2, S7)? Times POST /auth/password-reset for an
# address that has an account and for addresses that have none, and POST /auth/signup for a taken address and for new
# ones, in alternating pairs (the order inside a pair alternates too), so both sides see the same load of this shared
# machine; unmeasured warm-up pairs first. Reports each side's median and p90 (curl's total time, the whole answer),
# the median of the paired differences, and the statuses and body sizes each side got.
# Usage: bash bench/account-enumeration/run.sh [label]   (RESETS=200 SIGNUPS=40 WARMUP=60: requests, both sides together)
set -euo pipefail
cd "$(dirname "$0")/../.."
LABEL=${1:-run}
RESETS=${RESETS:-200}
SIGNUPS=${SIGNUPS:-40}
WARMUP=${WARMUP:-60}
PORT=${HUMANE_PORT:-18094}
DB_PORT=${DB_PORT:-54398}
work=$(mktemp -d /tmp/humane-enum-bench.XXXXXX)
. bench/lib.sh
need curl

# The anonymous rate limit and the send budgets are lifted: with them a known address's sixth reset in the hour is
# refused its mail and does less work, so the run would time the throttle, not the reset. Every request still counts.
# The prepared runtime (a training boot, bench/boot) is skipped: it saves nothing on one boot of a fresh folder.
(HUMANE_HOME="$work" HUMANE_DB_PORT=$DB_PORT HUMANE_PORT=$PORT HUMANE_PREPARED_RUNTIME=off RATELIMIT_PLAN_FREE=100000000 \
  RATELIMIT_ANONYMOUS=100000000 MAIL_THROTTLE_PER_RECIPIENT_PER_HOUR=100000000 \
  MAIL_THROTTLE_PER_TENANT_PER_HOUR=100000000 exec java -jar "$JAR" run > "$work/platform.log" 2>&1) & started $!
await "$work/platform.log" "Humane is running"

base=http://127.0.0.1:$PORT/api/v1
password="a long bench passphrase"
run_id=$(printf %05d $RANDOM)
# Every address has the same length, so the sign-up answer, which echoes it, has the same size on both sides.
known=bench-old-$run_id-000@example.test
signup_body() { echo "{\"email\":\"$1\",\"password\":\"$password\",\"name\":\"Bench\",\"organization\":\"$2\"}"; }
# Status, body size and total seconds of one POST, appended to a side's file.
timed() {  # file, route, body
  curl -s -o /dev/null -w '%{http_code} %{size_download} %{time_total}\n' -H 'Content-Type: application/json' \
    -d "$3" "$base/$2" >> "$1"
}
curl -sf -o /dev/null -H 'Content-Type: application/json' -d "$(signup_body $known Known)" "$base/auth/signup"

# Pairs of requests, known side and unknown side; pair i's unknown address is new (an enumeration probes many).
pairs() {  # prefix, count of pairs, route, known body, unknown body template (%d: the pair)
  local prefix=$1 n=$2 route=$3 known_body=$4 template=$5 i unknown_body
  : > "$work/$prefix.known"; : > "$work/$prefix.unknown"
  for i in $(seq 1 "$n"); do
    unknown_body=${template//%d/$(printf %03d "$i")}
    if (( i % 2 )); then
      timed "$work/$prefix.known" "$route" "$known_body"; timed "$work/$prefix.unknown" "$route" "$unknown_body"
    else
      timed "$work/$prefix.unknown" "$route" "$unknown_body"; timed "$work/$prefix.known" "$route" "$known_body"
    fi
  done
}
reset_known="{\"email\":\"$known\"}"
reset_unknown="{\"email\":\"bench-nob-$run_id-%d@example.test\"}"
signup_known=$(signup_body $known "Taken")
signup_new=$(signup_body "bench-new-$run_id-%d@example.test" "New %d")

pairs warm $((WARMUP / 2)) auth/password-reset "$reset_known" "${reset_unknown/bench-nob/bench-wrm}"
pairs warm-signup 5 auth/signup "$signup_known" "${signup_new/bench-new/bench-wrm}"
pairs reset $((RESETS / 2)) auth/password-reset "$reset_known" "$reset_unknown"
pairs signup $((SIGNUPS / 2)) auth/signup "$signup_known" "$signup_new"

ms() { awk '{printf "%.2f\n", $3 * 1000}' "$1" | sort -n; }
pct() { awk -v p="$1" '{v[NR] = $1} END {i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; print v[i]}'; }
median() { awk '{v[NR] = $1} END {printf "%.2f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
answers() { awk '{print $1 " (" $2 " bytes)"}' "$1" | sort | uniq -c | awk '{$1 = $1 "×"; print}' | paste -sd, -; }
report() {  # prefix, what
  local k=$work/$1.known u=$work/$1.unknown
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s / %s |\n' "$LABEL" "$2" "$(wc -l < "$k")" \
    "$(ms "$k" | median)" "$(ms "$k" | pct 90)" "$(ms "$u" | median)" "$(ms "$u" | pct 90)" \
    "$(paste -d' ' <(awk '{print $3}' "$k") <(awk '{print $3}' "$u") | awk '{printf "%.2f\n", ($1 - $2) * 1000}' \
      | sort -n | median)" "$(answers "$k")" "$(answers "$u")"
}
echo "| run | request | pairs | known: median ms | p90 ms | unknown: median ms | p90 ms | median of (known − unknown) ms | answers known / unknown |"
echo "|---|---|---|---|---|---|---|---|---|"
report reset "POST /auth/password-reset"
report signup "POST /auth/signup (taken / new)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
