#!/usr/bin/env bash
# p99 of an API-key GET /api/v1/engines alone, then the same load beside a flood of correct-password
# sign-ins (bcrypt cost 12 in a bounded pool); reports both and their ratio, and sign-ins per second.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-20s}
PORT=${HUMANE_PORT:-18080}
work=$(mktemp -d /tmp/humane-bench.XXXXXX)
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }
[ -f launcher/target/humane-launcher.jar ] || ./mvnw -q -B -DskipTests install

# Rate limits are lifted so that they do not throttle the load generator itself.
HUMANE_HOME="$work" HUMANE_DB_PORT=54398 HUMANE_PORT=$PORT RATELIMIT_PLAN_FREE=100000000 RATELIMIT_ANONYMOUS=100000000 \
  java -jar launcher/target/humane-launcher.jar run \
  > "$work/platform.log" 2>&1 &
platform=$!
trap 'kill -TERM $platform 2>/dev/null; wait $platform 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 240); do grep -q "Humane is running" "$work/platform.log" && break; sleep 1; done
grep -q "Humane is running" "$work/platform.log" || { tail -50 "$work/platform.log"; exit 1; }

key=$(HUMANE_HOME="$work" HUMANE_DB_PORT=54398 java -jar launcher/target/humane-launcher.jar create-tenant \
  --organization Bench --email bench-keys@example.test --json | sed -n 's/.*"api_key": "\([^"]*\)".*/\1/p')
email=bench-flood@example.test
password="a long bench passphrase"
curl -s -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\",\"name\":\"Flood\",\"organization\":\"Flood\"}" \
  http://127.0.0.1:$PORT/api/v1/auth/signup

read_load() { wrk -t1 -c4 -d"$DURATION" --latency -H "Authorization: Bearer $key" \
  http://127.0.0.1:$PORT/api/v1/engines; }
p99() { awk '/ 99%/ {print $2}'; }

wrk -t1 -c4 -d5s -H "Authorization: Bearer $key" http://127.0.0.1:$PORT/api/v1/engines > /dev/null  # warm-up
alone=$(read_load)
FLOOD_EMAIL=$email FLOOD_PASSWORD=$password wrk -t1 -c8 -d"$DURATION" -s bench/login-flood/login.lua \
  http://127.0.0.1:$PORT/api/v1/auth/login > "$work/flood.txt" &
flood=$!
sleep 1
beside=$(read_load)
wait $flood

echo "== GET /engines alone";      echo "$alone"  | grep -E "Requests/sec| 50%| 99%"
echo "== GET /engines beside the login flood"; echo "$beside" | grep -E "Requests/sec| 50%| 99%"
echo "== login flood";             grep -E "sign-ins:|Non-2xx|Requests/sec" "$work/flood.txt"
echo "p99 ratio (flood / alone): $(echo "$beside" | p99) / $(echo "$alone" | p99)"
