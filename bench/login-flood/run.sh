#!/usr/bin/env bash
# p99 of an API-key GET /api/v1/engines alone, then the same load beside a flood of correct-password
# sign-ins (bcrypt cost 12 in a bounded pool), in ROUNDS alternating pairs after a warm-up of both loads until the
# server's JIT compilers have settled (bench/lib.sh); reports each pair, the ratio of the p99s, and sign-ins per second.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-20s}
ROUNDS=${ROUNDS:-3}
PORT=${HUMANE_PORT:-18080}
DB_PORT=${DB_PORT:-54396}
work=$(mktemp -d /tmp/humane-bench.XXXXXX)
. bench/lib.sh
need wrk bc curl

# Rate limits are lifted so that they do not throttle the load generator itself.
(HUMANE_HOME="$work" HUMANE_DB_PORT=$DB_PORT HUMANE_PORT=$PORT RATELIMIT_PLAN_FREE=100000000 RATELIMIT_ANONYMOUS=100000000 \
  exec java -jar "$JAR" run > "$work/platform.log" 2>&1) & started $!
await "$work/platform.log" "Humane is running"
jvm=$(server_of "${pids[0]}")

key=$(HUMANE_HOME="$work" HUMANE_DB_PORT=$DB_PORT java -jar "$JAR" create-tenant \
  --organization Bench --email bench-keys@example.test --json | sed -n 's/.*"api_key": "\([^"]*\)".*/\1/p')
# One account per connection (login.lua takes them in turn): S2 counts attempts at an account before checking them.
export FLOOD_EMAIL=bench-flood-%d@example.test FLOOD_PASSWORD="a long bench passphrase" FLOOD_ACCOUNTS=8
for n in $(seq 1 "$FLOOD_ACCOUNTS"); do
  curl -s -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"email\":\"bench-flood-$n@example.test\",\"password\":\"$FLOOD_PASSWORD\",\"name\":\"Flood\",\"organization\":\"Flood $n\"}" \
    http://127.0.0.1:$PORT/api/v1/auth/signup
done

read_load() { wrk -t1 -c4 -d"$1" --latency -H "Authorization: Bearer $key" http://127.0.0.1:$PORT/api/v1/engines; }
flood() { wrk -t1 -c8 -d"$1" -s bench/login-flood/login.lua http://127.0.0.1:$PORT/api/v1/auth/login; }
p99() { awk '$1 == "99%" {print $2}'; }
rps() { awk '/Requests\/sec/ {print $2}'; }
ms() { sed -E 's/([0-9.]+)us$/\1 \/ 1000/; s/([0-9.]+)ms$/\1/; s/([0-9.]+)s$/\1 * 1000/' | bc -l; }

settled "$jvm read_load 10s" "$jvm flood 10s"

printf '| round | alone: req/s | p50 | p99 | beside the flood: req/s | p50 | p99 | sign-ins/s | p99 ratio |\n|---|---|---|---|---|---|---|---|---|\n'
ratios=()
for round in $(seq 1 "$ROUNDS"); do
  alone=$(read_load "$DURATION")
  flood "$DURATION" > "$work/flood.txt" & flooding=$!
  sleep 1
  beside=$(read_load "$DURATION")
  wait $flooding
  ratio=$(echo "$(echo "$beside" | p99 | ms) / $(echo "$alone" | p99 | ms)" | bc -l)
  ratios+=("$ratio")
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %.2f |\n' "$round" "$(echo "$alone" | rps)" \
    "$(echo "$alone" | awk '$1 == "50%" {print $2}')" "$(echo "$alone" | p99)" "$(echo "$beside" | rps)" \
    "$(echo "$beside" | awk '$1 == "50%" {print $2}')" "$(echo "$beside" | p99)" \
    "$(sed -n 's/.*= \([0-9.]*\)\/s;.*/\1/p' "$work/flood.txt")" "$ratio"
done
echo "login flood of the last round: $(grep -E 'sign-ins:' "$work/flood.txt")"
printf 'p99 ratio (beside the flood / alone), median of %s rounds: %.2f\n' "$ROUNDS" \
  "$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR] = $1} END {print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')"
