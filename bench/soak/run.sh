#!/usr/bin/env bash
# A soak of mixed traffic on two Humane instances forming one cluster (Payara's data grid, TCP discovery on
# loopback) over one embedded PostgreSQL (#16): API-key reads and writes, webhooks to a loopback receiver that
# records every delivery, password sign-ins, alternating between the instances, for DURATION (default 10m,
# at most 60m). Samples every 10 s; prints the pass criteria (zero 5xx, no lost event, RSS flat and <= 1 GiB).
# Starts everything it uses and stops it by PID. Ports 18290-18294, PostgreSQL 54399.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10m}
case "$DURATION" in
  *m) seconds=$(( ${DURATION%m} * 60 ));; *s) seconds=${DURATION%s};; *) seconds=$DURATION;;
esac
(( seconds >= 30 && seconds <= 3600 )) || { echo "DURATION between 30s and 60m"; exit 1; }
A_PORT=18290; B_PORT=18291; A_GRID=18292; B_GRID=18293; RECEIVER=18294; DB_PORT=54399
work=$(mktemp -d /tmp/humane-soak.XXXXXX)
. bench/lib.sh

echo "soak of $seconds s; load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores, shared with other work)"
(HUMANE_HOME="$work/db" HUMANE_DB_PORT=$DB_PORT exec java -jar "$JAR" database --env-file "$work/db.env" > "$work/db.log" 2>&1) & started $!
await "$work/db.log" "PostgreSQL 16 is running"
set -a; . "$work/db.env"; set +a

# Both instances: one cluster of this run's own name on loopback, the receiver admitted by the non-production
# allow-list, the plan's ceiling lifted so the one soak tenant is not answered 429 (every request is still counted
# in the grid); sign-in throttling and the anonymous limit stay as they are.
export HUMANE_CLUSTER_MEMBERS=127.0.0.1:$A_GRID,127.0.0.1:$B_GRID HUMANE_CLUSTER_NAME=humane-soak-$$
export OUTBOUND_ALLOWLIST=127.0.0.1:$RECEIVER RATELIMIT_PLAN_FREE=100000000
instance() {  # name, API port, grid port
  (HUMANE_HOME="$work/$1" HUMANE_PORT=$2 HUMANE_CLUSTER_PORT=$3 exec java -jar "$JAR" run > "$work/$1.log" 2>&1) & started $!
  eval "${1}_launcher=$!"
}
instance a $A_PORT $A_GRID
await "$work/a.log" "Humane is running"
# One set of development secrets for both (sessions, tokens and pseudonyms must verify on either instance).
mkdir -p "$work/b" && cp -a "$work/a/secrets" "$work/b/secrets"
instance b $B_PORT $B_GRID
await "$work/b.log" "Humane is running"
grep -q "DG Size: 2" "$work/b.log" || { sleep 10; grep -q "DG Size: 2" "$work/b.log"; } \
  || { echo "the two instances did not form one cluster"; grep -n "DG Name" "$work/"[ab].log; exit 1; }
echo "cluster formed: $(grep -o 'DG Name: [^ ]* DG Size: [0-9]*' "$work/b.log" | tail -1)"
# RSS is Payara Micro's, the launcher's child; the launcher itself only waits.
a_server=$(ps -o pid= --ppid "$a_launcher" | tr -d ' ' | head -1)
b_server=$(ps -o pid= --ppid "$b_launcher" | tr -d ' ' | head -1)

key=$(HUMANE_HOME="$work/a" java -jar "$JAR" create-tenant --organization Soak --email soak-owner@example.test --json \
  | sed -n 's/.*"api_key": "\([^"]*\)".*/\1/p')

status=0
java bench/soak/SoakTraffic.java "http://127.0.0.1:$A_PORT" "http://127.0.0.1:$B_PORT" "$key" $RECEIVER "$seconds" \
  "$a_server" "$b_server" "$work/samples.md" || status=$?
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "ERROR/SEVERE lines in the instances' logs: A $(grep -c 'SEVERE\|ERROR' "$work/a.log" || true), B $(grep -c 'SEVERE\|ERROR' "$work/b.log" || true)"
[ -z "${KEEP:-}" ] || cp "$work"/a.log "$work"/b.log "$work"/samples.md "$KEEP"/
exit $status
