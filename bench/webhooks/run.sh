#!/usr/bin/env bash
# Signed deliveries per second and event-to-receipt latency, beside a plain HttpClient to the same
# loopback receiver, in one run (issue 4). Starts its own platform and stops it by PID.
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${EVENTS:-500}
PORT=${HUMANE_PORT:-18090}
RECEIVER=${RECEIVER_PORT:-18999}
work=$(mktemp -d /tmp/humane-bench.XXXXXX)
[ -f launcher/target/humane-launcher.jar ] || ./mvnw -q -B -DskipTests install

# The receiver is on loopback, which only the non-production allow-list admits; rate limits are
# lifted so that they do not throttle the load generator.
HUMANE_HOME="$work" HUMANE_DB_PORT=54394 HUMANE_PORT=$PORT OUTBOUND_ALLOWLIST=127.0.0.1:$RECEIVER \
  RATELIMIT_PLAN_FREE=100000000 RATELIMIT_ANONYMOUS=100000000 \
  java -jar launcher/target/humane-launcher.jar run > "$work/platform.log" 2>&1 &
platform=$!
trap 'kill -TERM $platform 2>/dev/null; wait $platform 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 240); do grep -q "Humane is running" "$work/platform.log" && break; sleep 1; done
grep -q "Humane is running" "$work/platform.log" || { tail -50 "$work/platform.log"; exit 1; }
key=$(HUMANE_HOME="$work" HUMANE_DB_PORT=54394 java -jar launcher/target/humane-launcher.jar create-tenant \
  --organization Bench --email bench-hooks@example.test --json | sed -n 's/.*"api_key": "\([^"]*\)".*/\1/p')
java bench/webhooks/WebhookThroughput.java "http://127.0.0.1:$PORT" "$key" "$RECEIVER" "$EVENTS"
