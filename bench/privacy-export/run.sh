#!/usr/bin/env bash
# L3 export of a tenant with a million messages (issue 15): seeds MESSAGES messages and as many analyses by SQL in
# bounded batches, asks for an account export through the API, and samples the server's heap (jstat) and RSS
# (/proc) every 2 s until the job is done; then downloads the archive and checks its manifest. The server JVM gets
# a fixed heap cap (HEAP, 512m): an archive held whole in memory would not fit under it at this size.
# Everything on 127.0.0.1; every loop is bounded in count and time; what is started is stopped by PID.
set -euo pipefail
cd "$(dirname "$0")/../.."
MESSAGES=${MESSAGES:-1000000}
BATCH=${BATCH:-50000}
END_USERS=${END_USERS:-1000}
HEAP=${HEAP:-512m}
PORT=${PORT:-18290}
DB_PORT=${DB_PORT:-54498}
LIMIT_SECONDS=${LIMIT_SECONDS:-3600}
work=$(mktemp -d /tmp/humane-privacy-bench.XXXXXX)
out=bench/privacy-export/last-run
mkdir -p "$out"
# package, never install: ~/.m2 is shared.
[ -f launcher/target/humane-launcher.jar ] || ./mvnw -q -B -o -DskipTests package -pl launcher -am
JAR=launcher/target/humane-launcher.jar

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap stop_all EXIT
await() { for _ in $(seq 1 300); do grep -q "$2" "$1" && return 0; sleep 1; done; tail -50 "$1"; exit 1; }

(HUMANE_HOME="$work/db" HUMANE_DB_PORT=$DB_PORT exec java -jar $JAR database --env-file "$work/db.env" > "$work/db.log" 2>&1) &
pids+=($!)
await "$work/db.log" "PostgreSQL 16 is running"
set -a; . "$work/db.env"; set +a
(HUMANE_HOME="$work/app" HUMANE_PORT=$PORT RATELIMIT_PLAN_FREE=100000000 JAVA_TOOL_OPTIONS="-Xmx$HEAP" \
  exec java -jar $JAR run > "$work/app.log" 2>&1) &
launcher=$!
pids+=($launcher)
await "$work/app.log" "Humane is running"
server=$(pgrep -P "$launcher" java | head -1)
[ -n "$server" ] || { echo "no Payara Micro child of $launcher"; exit 1; }

created=$(HUMANE_HOME="$work/app" java -jar $JAR create-tenant --organization Bench --email bench-export@example.test --json)
KEY=$(echo "$created" | sed -n 's/.*"api_key": "\([^"]*\)".*/\1/p')
TENANT=$(echo "$created" | sed -n 's/.*"tenant_id": "\([^"]*\)".*/\1/p')
api() { curl -s -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "$@"; }
ENGINE=$(api -d '{"name":"lexicon","kind":"lexicon"}' http://127.0.0.1:$PORT/api/v1/engines | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -1)

host=$(echo "$DB_URL" | sed -n 's#jdbc:postgresql://\([^:/]*\):\([0-9]*\)/\(.*\)#\1#p')
dbport=$(echo "$DB_URL" | sed -n 's#jdbc:postgresql://\([^:/]*\):\([0-9]*\)/\(.*\)#\2#p')
dbname=$(echo "$DB_URL" | sed -n 's#jdbc:postgresql://\([^:/]*\):\([0-9]*\)/\([^?]*\).*#\3#p')
sql() { PGPASSWORD="$DB_MIGRATION_PASSWORD" psql -qAt -h "$host" -p "$dbport" -U "$DB_MIGRATION_USER" -d "$dbname" -v ON_ERROR_STOP=1 "$@"; }
scoped() { sql -c "BEGIN; SELECT set_config('humane.tenant_id', '$TENANT', true); $1 COMMIT;" > /dev/null; }

echo "seeding $END_USERS end users and $MESSAGES messages in batches of $BATCH"
seed_start=$(date +%s)
scoped "INSERT INTO end_users (id, tenant_id, external_id, traits)
        SELECT gen_random_uuid(), '$TENANT', 'customer-' || i, jsonb_build_object('n', i) FROM generate_series(1, $END_USERS) i;"
for ((from = 1; from <= MESSAGES; from += BATCH)); do
  to=$((from + BATCH - 1)); [ $to -gt $MESSAGES ] && to=$MESSAGES
  scoped "WITH u AS (SELECT array_agg(id ORDER BY id) a FROM end_users),
               m AS (INSERT INTO conversation_messages (id, tenant_id, end_user_id, engine_id, role, content, created_at)
                     SELECT gen_random_uuid(), '$TENANT', u.a[1 + i % $END_USERS], '$ENGINE', 'user',
                            'Message ' || i || ': the delivery was late again and I would like to know why, thanks.',
                            now() - make_interval(secs => i)
                       FROM u, generate_series($from, $to) i
                     RETURNING id, end_user_id, created_at)
          INSERT INTO message_analyses (id, tenant_id, message_id, end_user_id, engine_id, status, method, sentiment_score,
                                        sentiment_label, emotions, flags, language, message_at, analysed_at)
          SELECT gen_random_uuid(), '$TENANT', m.id, m.end_user_id, '$ENGINE', 'completed', 'lexicon', -0.4, 'negative',
                 '{\"anger\":0.6,\"sadness\":0.4}', '[\"frustration\"]', 'en', m.created_at, m.created_at FROM m;"
done
seed_seconds=$(( $(date +%s) - seed_start ))
echo "seeded in ${seed_seconds}s"

samples="$out/samples.csv"
echo "t_seconds,heap_used_mb,rss_mb" > "$samples"
sample() {
  local t=$1 heap rss
  heap=$(jstat -gc "$server" | awk 'NR==2 {printf "%.0f", ($3+$4+$6+$8)/1024}')
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$server/status)
  echo "$t,$heap,$rss" >> "$samples"
}
start=$(date +%s%N)
sample 0
JOB=$(api -d '{"scope":"account"}' http://127.0.0.1:$PORT/api/v1/privacy/exports | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -1)
status=pending
for ((i = 0; i < LIMIT_SECONDS / 2; i++)); do
  sleep 2
  sample $(( ($(date +%s%N) - start) / 1000000000 ))
  status=$(api http://127.0.0.1:$PORT/api/v1/privacy/exports/$JOB | sed -n 's/.*"status":"\([^"]*\)".*/\1/p')
  [ "$status" = pending ] || [ "$status" = running ] || break
done
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
view=$(api http://127.0.0.1:$PORT/api/v1/privacy/exports/$JOB)
echo "$view" > "$out/export.json"
[ "$status" = succeeded ] || { echo "export $status: $view"; tail -100 "$work/app.log"; exit 1; }
url=$(echo "$view" | sed -n 's/.*"download_url":"\([^"]*\)".*/\1/p')
dl_start=$(date +%s%N)
curl -s -o "$work/archive.zip" "http://127.0.0.1:$PORT$url"
dl_ms=$(( ($(date +%s%N) - dl_start) / 1000000 ))
python3 - "$work/archive.zip" > "$out/manifest-check.txt" <<'PY'
import hashlib, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
manifest = json.loads(z.read("manifest.json"))
ok = True
for f in manifest["files"]:
    h, n = hashlib.sha256(), 0
    with z.open(f["name"]) as e:
        for line in e:
            h.update(line); n += 1
    good = h.hexdigest() == f["sha256"] and n == f["records"]
    ok &= good
    print(f'{f["name"]}: {n} records, sha256 {"matches" if good else "DIFFERS"}')
print("manifest verified" if ok else "MANIFEST MISMATCH")
PY
cat "$out/manifest-check.txt"
{
  echo "messages=$MESSAGES end_users=$END_USERS heap_cap=$HEAP"
  echo "seed_seconds=$seed_seconds"
  echo "export_ms=$elapsed_ms (request to succeeded, polled every 2 s)"
  echo "archive_bytes=$(echo "$view" | sed -n 's/.*"archive_bytes":\([0-9]*\).*/\1/p') zip_bytes=$(stat -c %s "$work/archive.zip")"
  echo "download_ms=$dl_ms"
  awk -F, 'NR>1 {if ($2>h) h=$2; if ($3>r) r=$3; if (NR==2) {h0=$2; r0=$3}} END {print "heap_used_mb first=" h0 " max=" h; print "rss_mb first=" r0 " max=" r}' "$samples"
} | tee "$out/summary.txt"
