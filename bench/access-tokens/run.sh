#!/usr/bin/env bash
# Requests per second of GET /api/v1/engines with each credential the API takes, side by side on one instance in
# one run: an API key (one lookup by prefix), an access token issued from that key and one issued from a session
# (signature check, then one lookup by primary key of the key or session behind it: S4's liveness check), and the
# session cookie itself (one lookup by hash). Prints each mean and the ratios to the API key.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-15s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-20s}
SIGNUPS=${SIGNUPS:-20}
CONNECTIONS=${CONNECTIONS:-4}
PORT=${PORT:-18092}
DB_PORT=${DB_PORT:-54396}
work=$(mktemp -d /tmp/humane-token-bench.XXXXXX)
# JAR= runs another build (REPORT.md measures one whose liveness check was switched off, to price it).
. bench/lib.sh
need wrk bc curl

# The plan ceilings are lifted only so that wrk is never answered 429; every request is still counted.
(HUMANE_HOME="$work" HUMANE_DB_PORT=$DB_PORT HUMANE_PORT=$PORT RATELIMIT_PLAN_FREE=100000000 \
  RATELIMIT_ANONYMOUS=100000000 exec java -jar $JAR run > "$work/platform.log" 2>&1) & started $!
await "$work/platform.log" "Humane is running"

base=http://127.0.0.1:$PORT/api/v1
key=$(HUMANE_HOME="$work" HUMANE_DB_PORT=$DB_PORT java -jar $JAR create-tenant --organization Bench \
  --email bench-tokens@example.test --json | sed -n 's/.*"api_key": "\([^"]*\)".*/\1/p')
password="a long bench passphrase"
signup() { curl -sf -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"email\":\"$1\",\"password\":\"$password\",\"name\":\"Bench\",\"organization\":\"$1\"}" "$base/auth/signup"; }
# The first sign-up from an address waits for its e-mail (S7); the second, the one measured, may write at once.
signup bench-first@example.test
email=bench-session@example.test
signup $email
curl -sf -D "$work/login.headers" -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$base/auth/login"
session=$(sed -n 's/^[Ss]et-[Cc]ookie: humane_session=\([^;]*\);.*/\1/p' "$work/login.headers")
csrf=$(sed -n 's/^[Ss]et-[Cc]ookie: humane_csrf=\([^;]*\);.*/\1/p' "$work/login.headers")
cookie="humane_session=$session; humane_csrf=$csrf"

# Tokens live 15 minutes: each round mints fresh ones, from the key and from the session.
mint() { curl -sf -X POST "$@" "$base/auth/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'; }
mint_all() {
  key_token=$(mint -H "Authorization: Bearer $key")
  session_token=$(mint -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf")
  [ -n "$key_token" ] && [ -n "$session_token" ] || { echo "could not mint access tokens"; exit 1; }
}
header_for() {
  case $1 in
    key) echo "Authorization: Bearer $key" ;;
    key_token) echo "Authorization: Bearer $key_token" ;;
    session_token) echo "Authorization: Bearer $session_token" ;;
    cookie) echo "Cookie: $cookie" ;;
  esac
}
load() { wrk -t1 -c"$CONNECTIONS" -d"$2" --latency -H "$(header_for "$1")" "$base/engines"; }
rps() { awk '/Requests\/sec/ {print $2}'; }
pct() { awk -v p="$1%" '$1 == p {print $2}'; }
non2xx() { awk '/Non-2xx/ {print $NF}'; }

kinds=(key key_token session_token cookie)
mint_all
for kind in "${kinds[@]}"; do   # each credential answers 200 before it is measured
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "$(header_for "$kind")" "$base/engines")
  [ "$code" = 200 ] || { echo "$kind answered $code"; exit 1; }
done
for _ in 1 2; do for kind in "${kinds[@]}"; do load "$kind" "$WARMUP" > /dev/null; done; done   # warm-up: JIT, pools

declare -A total
for kind in "${kinds[@]}"; do total[$kind]=0; done
printf '| round | credential | req/s | p50 | p99 |\n|---|---|---|---|---|\n' > "$work/table"
for round in $(seq 1 "$ROUNDS"); do
  mint_all
  order=("${kinds[@]}")
  (( round % 2 )) || order=(cookie session_token key_token key)   # alternate, so drift falls on every side
  for kind in "${order[@]}"; do
    run=$(load "$kind" "$DURATION")
    bad=$(echo "$run" | non2xx); [ -z "$bad" ] || { echo "non-2xx answers for $kind: $bad"; echo "$run"; exit 1; }
    printf '| %s | %s | %s | %s | %s |\n' "$round" "$kind" "$(echo "$run" | rps)" "$(echo "$run" | pct 50)" \
      "$(echo "$run" | pct 99)" >> "$work/table"
    total[$kind]=$(echo "${total[$kind]} + $(echo "$run" | rps)" | bc -l)
  done
done
cat "$work/table"
for kind in "${kinds[@]}"; do
  printf 'mean req/s %-14s %6.0f   ratio to the API key %.3f\n' "$kind" "$(echo "${total[$kind]} / $ROUNDS" | bc -l)" \
    "$(echo "${total[$kind]} / ${total[key]}" | bc -l)"
done

# Sign-up of a taken address beside a new one (S2: same answer, similar time), alternating, SIGNUPS each.
[ "$SIGNUPS" -gt 0 ] || exit 0
: > "$work/taken"; : > "$work/new"
for i in $(seq 1 "$SIGNUPS"); do
  body() { echo "{\"email\":\"$1\",\"password\":\"$password\",\"name\":\"Bench\",\"organization\":\"Timing $i\"}"; }
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H 'Content-Type: application/json' -d "$(body $email)" \
    "$base/auth/signup" >> "$work/taken"
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H 'Content-Type: application/json' \
    -d "$(body "bench-new-$i@example.test")" "$base/auth/signup" >> "$work/new"
done
median() { awk '{print $2}' "$1" | sort -n | awk '{v[NR]=$1} END {print (v[int((NR+1)/2)] + v[int(NR/2)+1]) / 2}'; }
echo "sign-up statuses: taken $(awk '{print $1}' "$work/taken" | sort -u | tr '\n' ' ')new $(awk '{print $1}' "$work/new" | sort -u | tr '\n' ' ')"
echo "sign-up median seconds: taken address $(median "$work/taken"), new address $(median "$work/new")"
