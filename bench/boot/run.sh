#!/usr/bin/env bash
# Boot time (issue 16): from process start to the first HTTP 200 of (a) a bare Payara Micro deploying a
# one-resource JAX-RS WAR (GET /hello, built here from bench/boot/bare) and (b) Humane as the launcher starts
# it (`java -jar humane-launcher.jar run`, GET /health/ready): from its prepared runtime (the class-data
# archive and the deployed root folder; the first, unmeasured start prepares it, and its time is printed) and,
# beside it, (c) the plain start without it (HUMANE_PREPARED_RUNTIME=off: a fresh root folder, the WAR deployed
# at boot), in rotating order per round of one run; each one's resident memory once it answered, then Humane's
# under a bounded load. Prints a table and the ratios. OTHER=compiler boots, instead of (c), the prepared start
# with the server's compiler at its usual priority during the boot (HUMANE_COMPILER_PRIORITY=off).
# Both run the same payara-micro jar (the build's payara.version) on the same JVM, with clustering off
# (--nocluster, as the launcher runs it: a data grid of one member) and without phoning home (Payara's
# --disablephonehome, which the launcher's pre-boot commands also set). Everything on 127.0.0.1; every wait is
# bounded; what is started is stopped by PID.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}
# Free ports by default: a fixed one can be another run's (a second PostgreSQL on a taken port is not an error to
# the embedded server's start, which then finds the other one answering). Each is drawn below the kernel's range for
# outgoing connections, as LoopbackPorts does for the tests: a port of that range found free by a bind of 0 could be
# some connection's own by the time the servers bind it, seconds later.
free_port() { python3 - "$@" <<'PY'
import random, socket, sys
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
drawn = set(sys.argv[1:])  # ports already drawn for this run, not bound yet
for _ in range(1000):
    port = random.randrange(10000, low) if low > 10000 else 0
    if str(port) in drawn:
        continue
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(s.getsockname()[1])
        break
else:
    raise SystemExit("no free loopback port below " + str(low))
PY
}
BARE_PORT=${BARE_PORT:-$(free_port)}
APP_PORT=${APP_PORT:-$(free_port "$BARE_PORT")}
DB_PORT=${DB_PORT:-$(free_port "$BARE_PORT" "$APP_PORT")}
LOAD=${LOAD:-20s}          # wrk on GET /api/v1/engines after the rounds, RSS sampled each second; 0 skips it
JFR=${JFR:-}               # a folder: every Humane boot writes a flight recording there (both JVMs)
APP_JAVA_OPTIONS=${APP_JAVA_OPTIONS:-}  # JVM options for Humane's JVMs only (JAVA_TOOL_OPTIONS), for experiments
LOGS=${LOGS:-}             # a folder: the log of every boot is copied there
OTHER=${OTHER:-plain}      # the third side: plain (no prepared runtime) or compiler (prepared, compiler priority off)
case $OTHER in
  plain) other_runtime=off other_compiler=on other_archive=none ;;
  compiler) other_runtime=on other_compiler=off other_archive=mapped ;;
  *) echo "OTHER is plain or compiler"; exit 1 ;;
esac
work=$(mktemp -d /tmp/humane-boot-bench.XXXXXX)
. bench/lib.sh
need curl javac jar wrk bc python3

# The server jar the build uses: payara.version from the pom, in the local Maven repository.
version=$(sed -n 's:.*<payara.version>\(.*\)</payara.version>.*:\1:p' pom.xml | head -1)
MICRO=${MICRO:-$HOME/.m2/repository/fish/payara/extras/payara-micro/$version/payara-micro-$version.jar}
[ -f "$MICRO" ] || { echo "no $MICRO (run the build once)"; exit 1; }
cmp -s "$MICRO" "$(dirname "$JAR")/platform/payara-micro.jar" \
  || { echo "$JAR does not run $MICRO: rebuild the launcher"; exit 1; }
ee=$(sed -n 's:.*<jakartaee.version>\(.*\)</jakartaee.version>.*:\1:p' pom.xml | head -1)
api=$HOME/.m2/repository/jakarta/platform/jakarta.jakartaee-api/$ee/jakarta.jakartaee-api-$ee.jar
mkdir -p "$work/bare-war/WEB-INF/classes"
javac -nowarn --release 17 -cp "$api" -d "$work/bare-war/WEB-INF/classes" bench/boot/bare/bench/Hello.java
(cd "$work/bare-war" && jar --create --file ../bare.war WEB-INF)

export HZ_PHONE_HOME_ENABLED=false   # the bare server's Hazelcast would phone home (the launcher's servers never do)
(HUMANE_HOME="$work/db" HUMANE_DB_PORT=$DB_PORT exec java -jar $JAR database --env-file "$work/db.env" > "$work/db.log" 2>&1) & started $!
await "$work/db.log" "PostgreSQL 16 is running"
set -a; . "$work/db.env"; set +a

now_ms() { date +%s%3N; }
rss_mb() { awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }
# Milliseconds from $1 until $2 answers 200, polled every 0.1 s for at most 5 minutes while process $3 lives.
first_200() {
  for _ in $(seq 1 3000); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$2" || true)" = 200 ]; then
      echo $(($(now_ms) - $1)); return 0
    fi
    kill -0 "$3" 2>/dev/null || { echo "process $3 ended before $2 answered 200" >&2; return 1; }
    sleep 0.1
  done
  echo "$2 did not answer 200 within 5 minutes" >&2; return 1
}
stop() {
  kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true
  local kept=(); for pid in "${pids[@]}"; do [ "$pid" = "$1" ] || kept+=("$pid"); done; pids=("${kept[@]}")
}
ready_in() { grep -o 'ready in [0-9,]* (ms)' "$1" | tail -1 | tr -dc '0-9'; }
keep_log() { [ -z "$LOGS" ] || { mkdir -p "$LOGS"; cp "$1" "$LOGS/"; }; }

# Each boot sets ms (to the first 200), payara (Payara's own "ready in"), rss (MB, once answered).
boot_bare() {  # log
  rm -rf "$work/bare"; mkdir -p "$work/bare/tmp"
  local start; start=$(now_ms); echo "bench: started at $start ms" > "$1"
  (exec java -Xss1m -Djava.io.tmpdir="$work/bare/tmp" -jar "$MICRO" --deploy "$work/bare.war" --contextroot / \
    --port $BARE_PORT --rootdir "$work/bare/root" --nocluster --disablephonehome >> "$1" 2>&1) & local pid=$!; started $pid
  ms=$(first_200 "$start" "http://127.0.0.1:$BARE_PORT/hello" $pid) || { tail -40 "$1"; exit 1; }
  rss=$(rss_mb $pid); payara=$(ready_in "$1"); echo "bench: first 200 at $((start + ms)) ms" >> "$1"
  stop $pid; keep_log "$1"
}
# Humane: the launcher's JVM starts Payara Micro's; rss is the server's, launcher_rss the launcher's.
boot_humane() {  # log [keep] [prepared runtime: on|off] [compiler priority while booting: on|off]
  local options=$APP_JAVA_OPTIONS start
  [ -z "$JFR" ] || options="-XX:StartFlightRecording=filename=$JFR/,settings=profile $options"
  start=$(now_ms); echo "bench: started at $start ms" > "$1"
  (HUMANE_HOME="$work/app" HUMANE_PORT=$APP_PORT RATELIMIT_PLAN_FREE=100000000 JAVA_TOOL_OPTIONS="$options" \
    HUMANE_PREPARED_RUNTIME=${3:-on} HUMANE_COMPILER_PRIORITY=${4:-on} exec java -jar $JAR run >> "$1" 2>&1) & local pid=$!; started $pid
  ms=$(first_200 "$start" "http://127.0.0.1:$APP_PORT/health/ready" $pid) || { tail -40 "$1"; exit 1; }
  server=$(pgrep -P $pid java | head -1)
  # Which start it was, from the server's own memory: the prepared one maps the archive.
  if grep -q 'payara\.jsa' "/proc/$server/maps"; then archive=mapped; else archive=none; fi
  rss=$(rss_mb "$server"); launcher_rss=$(rss_mb $pid); payara=$(ready_in "$1")
  echo "bench: first 200 at $((start + ms)) ms" >> "$1"
  [ "${2:-}" = keep ] && return 0
  stop $pid; keep_log "$1"
}
[ -z "$JFR" ] || mkdir -p "$JFR"

# One boot of each first, unmeasured: the file cache holds the jars, the first Humane boot migrates the empty
# database (a restart is what is measured, as production restarts on a migrated schema) and prepares the runtime
# (what the first start after a build costs, printed).
boot_bare "$work/bare-0.log"; boot_humane "$work/humane-0.log"
[ "$archive" = mapped ] || { echo "the first start did not prepare the runtime:"; tail -40 "$work/humane-0.log"; exit 1; }
printf 'first start after the build (preparing the runtime, then serving from it): %.1f s\n' "$(echo "$ms / 1000" | bc -l)"
boot_humane "$work/$OTHER-0.log" "" $other_runtime $other_compiler

s() { echo "$1 / 1000" | bc -l; }
printf '| round | bare: first 200 (s) | Payara "ready in" (s) | RSS (MB) | Humane prepared: first 200 (s) | Payara "ready in" (s) | RSS server + launcher (MB) | Humane '"$OTHER"': first 200 (s) | RSS server (MB) | prepared / bare | '"$OTHER"' / bare |\n|---|---|---|---|---|---|---|---|---|---|---|\n' > "$work/table"
bare_total=0; humane_total=0; other_total=0
for round in $(seq 1 "$ROUNDS"); do
  # Rotate which goes first, so drift on the shared machine falls on every side.
  for side in $(case $((round % 3)) in 1) echo bare prepared other;; 2) echo prepared other bare;; 0) echo other bare prepared;; esac); do
    case $side in
      bare) boot_bare "$work/bare-$round.log"; b=($ms $payara $rss) ;;
      prepared) boot_humane "$work/humane-$round.log"; h=($ms $payara $rss $launcher_rss)
        [ "$archive" = mapped ] || { echo "round $round: the prepared start did not map the archive"; exit 1; } ;;
      other) boot_humane "$work/$OTHER-$round.log" "" $other_runtime $other_compiler; o=($ms $payara $rss)
        [ "$archive" = $other_archive ] || { echo "round $round: the $OTHER start's archive: $archive"; exit 1; } ;;
    esac
  done
  printf '| %s | %.1f | %.1f | %s | %.1f | %.1f | %s + %s | %.1f | %s | %.2f | %.2f |\n' "$round" "$(s "${b[0]}")" "$(s "${b[1]}")" \
    "${b[2]}" "$(s "${h[0]}")" "$(s "${h[1]}")" "${h[2]}" "${h[3]}" "$(s "${o[0]}")" "${o[2]}" \
    "$(echo "${h[0]} / ${b[0]}" | bc -l)" "$(echo "${o[0]} / ${b[0]}" | bc -l)" >> "$work/table"
  bare_total=$((bare_total + b[0])); humane_total=$((humane_total + h[0])); other_total=$((other_total + o[0]))
done
cat "$work/table"
printf "mean first 200: bare %.1f s, Humane prepared %.1f s, Humane $OTHER %.1f s; ratio (prepared / bare) %.2f, ($OTHER / bare) %.2f\n" \
  "$(s $((bare_total / ROUNDS)))" "$(s $((humane_total / ROUNDS)))" "$(s $((other_total / ROUNDS)))" \
  "$(echo "$humane_total / $bare_total" | bc -l)" "$(echo "$other_total / $bare_total" | bc -l)"

[ "$LOAD" = 0 ] && exit 0
# Resident memory under load: Humane once more, API-key reads for $LOAD, the server's RSS sampled each second.
boot_humane "$work/humane-load.log" keep
key=$(HUMANE_HOME="$work/app" java -jar $JAR create-tenant --organization Bench --email bench-boot@example.test --json \
  | sed -n 's/.*"api_key": "\([^"]*\)".*/\1/p')
wrk -t1 -c4 -d"$LOAD" -H "Authorization: Bearer $key" "http://127.0.0.1:$APP_PORT/api/v1/engines" > "$work/wrk.txt" &
load=$!
peak=$rss
for _ in $(seq 1 600); do kill -0 $load 2>/dev/null || break; r=$(rss_mb "$server"); ((r > peak)) && peak=$r; sleep 1; done
wait $load
grep -q 'Non-2xx' "$work/wrk.txt" && { echo "non-2xx answers under load:"; cat "$work/wrk.txt"; exit 1; }
printf 'under load (%s, %s req/s): server RSS %s MB after boot, peak %s MB, %s MB at the end\n' "$LOAD" \
  "$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")" "$rss" "$peak" "$(rss_mb "$server")"
