#!/usr/bin/env bash
# Proves the EAR on a real Payara Server 6: takes the Payara Server zip from Maven Central
# (fish.payara.distributions:payara, version = root pom's payara.version), creates a domain on
# non-default loopback-only ports, starts the embedded PostgreSQL 16 of the launcher, starts the
# domain with the database environment, deploys ear/target/humane.ear, checks /health/ready and an
# unauthenticated API call, then undeploys and stops everything it started.
#
# Usage (from the repository root): bash ear/verify-on-payara-server.sh
# Needs: Java 17, bash, coreutils, procps (pgrep), unzip (or falls back to the JDK's jar tool).
# Network: Maven Central through ./mvnw (only when the zip is not in the local repository yet) and
# loopback. Every wait is bounded. Exit status 0 only when every check passed.
#
# Settings (environment, all optional):
#   HUMANE_EAR_PORTBASE      asadmin --portbase of the domain (default 28000: admin 28048, HTTP 28080)
#   HUMANE_EAR_DB_PORT       port of the embedded PostgreSQL (default 28399: below the kernel's range for outgoing
#                            connections, 32768-60999 by default, so no outgoing connection holds it)
#   HUMANE_EAR_DEPLOY_TIMEOUT  seconds for asadmin deploy (default 300)
#   HUMANE_EAR_READY_TIMEOUT   seconds to wait for /health/ready to be UP (default 180)
set -Eeuo pipefail

T0=$(date +%s%N)
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)

PORTBASE=${HUMANE_EAR_PORTBASE:-28000}
DB_PORT=${HUMANE_EAR_DB_PORT:-28399}
DEPLOY_TIMEOUT=${HUMANE_EAR_DEPLOY_TIMEOUT:-300}
READY_TIMEOUT=${HUMANE_EAR_READY_TIMEOUT:-180}
ADMIN_PORT=$((PORTBASE + 48))
HTTP_PORT=$((PORTBASE + 80))
DOMAIN=humane
APP=humane

WORK="$ROOT/ear/target/payara-server"
PAYARA="$WORK/payara6"
DOMAIN_DIR="$PAYARA/glassfish/domains/$DOMAIN"
SERVER_LOG="$DOMAIN_DIR/logs/server.log"
DB_HOME="$WORK/database"
DB_ENV_FILE="$WORK/database.env"
DB_LOG="$WORK/database.log"
EAR="$ROOT/ear/target/humane.ear"
LAUNCHER="$ROOT/launcher/target/humane-launcher.jar"

# The asadmin client keeps a command cache under user.home: keep it in the work folder.
export AS_EXTRA_JAVA_OPTS="-Duser.home=$WORK/asadmin-home"

DB_PID=""
DB_STARTED=0
DOMAIN_STARTED=0
WORK_FRESH=0
PASSED=0
T_CREATE="" T_START="" T_DEPLOY="" T_READY="" RSS_KB=""

log() { printf '[verify-ear %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { log "FAILED: $*" >&2; exit 1; }
now() { date +%s%N; }
secs() { # nanoseconds start [end] -> seconds with one decimal
    local end=${2:-$(now)}
    local tenths=$(( (end - $1) / 100000000 ))
    printf '%d.%d' $((tenths / 10)) $((tenths % 10))
}
ASADMIN=("$PAYARA/bin/asadmin" --interactive=false)
REMOTE=("${ASADMIN[@]}" --host 127.0.0.1 --port "$ADMIN_PORT")

# The domain's server JVM: the only process whose command line names this instance root.
server_pid() { pgrep -f -- "-Dcom.sun.aas.instanceRoot=$DOMAIN_DIR( |\$)" | head -1 || true; }

# TCP sockets of process $1 listening on anything but 127.0.0.1 / ::1 ("address:port" lines).
non_loopback_listeners() {
    local inodes line f tables=()
    for f in /proc/net/tcp /proc/net/tcp6; do [ -r "$f" ] && tables+=("$f"); done
    inodes=$(find "/proc/$1/fd" -lname 'socket:*' -printf '%l\n' 2>/dev/null | tr -dc '0-9\n' | tr '\n' ' ')
    awk -v inodes=" $inodes" 'FNR > 1 && $4 == "0A" && index(inodes, " " $10 " ") {
            split($2, a, ":")
            if (a[1] != "0100007F" && a[1] != "0000000000000000FFFF00000100007F" \
                    && a[1] != "00000000000000000000000001000000") print a[1], a[2]
        }' "${tables[@]}" | while read -r address port; do
        line="$address:$((16#$port))"
        case "$address" in 00000000|00000000000000000000000000000000) line="*:$((16#$port))" ;; esac
        echo "$line"
    done
}

port_in_use() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null; }

# GET http://127.0.0.1:$HTTP_PORT$1 over bash's /dev/tcp (no curl needed); sets STATUS, HEADERS, BODY.
http_get() {
    local raw
    STATUS="" HEADERS="" BODY=""
    raw=$(timeout 10 bash -c '
        exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
        printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nAccept: */*\r\nConnection: close\r\n\r\n" "$1" "$0" >&3
        cat <&3' "$HTTP_PORT" "$1" 2>/dev/null) || return 1
    raw=${raw//$'\r'/}
    STATUS=$(head -1 <<<"$raw" | cut -d' ' -f2 || true)
    HEADERS=${raw%%$'\n\n'*}
    BODY=${raw#*$'\n\n'}
}

# Cleanup after a failure: the domain is thrown away, so no undeploy, just stop it.
stop_domain() {
    local pid
    if [ "$DOMAIN_STARTED" = 1 ]; then
        timeout --foreground 120 "${ASADMIN[@]}" stop-domain "$DOMAIN" || log "stop-domain failed"
        DOMAIN_STARTED=0
        pid=$(server_pid)
        if [ -n "$pid" ]; then
            log "domain process $pid still alive after stop-domain: SIGTERM"
            kill -TERM "$pid" 2>/dev/null || true
            for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
            if kill -0 "$pid" 2>/dev/null; then
                log "domain process $pid ignored SIGTERM for 30 s: SIGKILL"
                kill -KILL "$pid" 2>/dev/null || true
            fi
        fi
    fi
}

stop_database() {
    local pg
    if [ -n "$DB_PID" ] && kill -0 "$DB_PID" 2>/dev/null; then
        kill -TERM "$DB_PID" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$DB_PID" 2>/dev/null || break; sleep 0.5; done
        if kill -0 "$DB_PID" 2>/dev/null; then
            log "database launcher $DB_PID ignored SIGTERM for 30 s: SIGKILL"
            kill -KILL "$DB_PID" 2>/dev/null || true
        fi
        wait "$DB_PID" 2>/dev/null || true
    fi
    DB_PID=""
    # PostgreSQL left behind by a launcher that could not stop it (this run started it).
    if [ "$DB_STARTED" = 1 ] && [ -f "$DB_HOME/postgres/pgdata/postmaster.pid" ]; then
        pg=$(head -1 "$DB_HOME/postgres/pgdata/postmaster.pid")
        if [ -n "$pg" ] && kill -0 "$pg" 2>/dev/null; then
            log "PostgreSQL $pg outlived its launcher: SIGTERM"
            kill -TERM "$pg" 2>/dev/null || true
            for _ in $(seq 1 30); do kill -0 "$pg" 2>/dev/null || break; sleep 1; done
        fi
    fi
}

on_exit() {
    local status=$?
    trap - EXIT
    set +e
    if [ "$PASSED" != 1 ]; then
        [ "$status" = 0 ] && status=1
        if [ "$WORK_FRESH" = 1 ] && [ -f "$SERVER_LOG" ]; then
            echo "----- last 200 lines of $SERVER_LOG -----" >&2
            tail -n 200 "$SERVER_LOG" >&2
            echo "----- end of server.log -----" >&2
        fi
        if [ "$WORK_FRESH" = 1 ] && [ -f "$DB_LOG" ]; then
            echo "----- last 30 lines of $DB_LOG -----" >&2
            tail -n 30 "$DB_LOG" >&2
        fi
        echo "----- free space -----" >&2
        df -h "$ROOT" "${TMPDIR:-/tmp}" >&2
    fi
    stop_domain
    stop_database
    if [ "$PASSED" = 1 ]; then
        log "PASSED"
    else
        log "FAILED (exit $status); work folder kept: $WORK" >&2
    fi
    exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# 0. Preconditions: Java 17+, nothing left from an earlier run, ports free, room on the disk.
java_line=$(java -version 2>&1 | sed -n 1p) || fail "no java on the PATH"
[[ $java_line =~ version\ \"(1[7-9]|[2-9][0-9]) ]] || fail "Java 17 or newer is needed on the PATH ($java_line)"
if [ -n "$(server_pid)" ]; then
    fail "a Payara Server from an earlier run still runs from $DOMAIN_DIR (PID $(server_pid)); stop it first"
fi
if [ -f "$DB_HOME/postgres/pgdata/postmaster.pid" ] \
        && kill -0 "$(head -1 "$DB_HOME/postgres/pgdata/postmaster.pid")" 2>/dev/null; then
    fail "a PostgreSQL from an earlier run still runs from $DB_HOME; stop it first"
fi
for port in "$ADMIN_PORT" "$HTTP_PORT" $((PORTBASE + 81)) $((PORTBASE + 37)) $((PORTBASE + 49)) \
        $((PORTBASE + 76)) $((PORTBASE + 86)) "$DB_PORT"; do
    if port_in_use "$port"; then
        fail "port $port is in use; choose other ports with HUMANE_EAR_PORTBASE / HUMANE_EAR_DB_PORT"
    fi
done

# The Payara Server zip (170 MB, downloaded once), the unpacked server, its domain, the database and copies of the
# EAR and the launcher take some 700 MB. On a full disk start-domain fails with OSGi's "Unable to create archive
# directory" and not a word about space (seen in CI): say it first.
NEEDED_MB=1024
free_mb=$(df -Pm "$ROOT/ear" 2>/dev/null | awk 'NR == 2 { print $4 }') || free_mb=""
if ! [[ $free_mb =~ ^[0-9]+$ ]]; then
    log "could not read the free space of $ROOT/ear (df); going on"
elif [ "$free_mb" -lt "$NEEDED_MB" ]; then
    fail "only $free_mb MB free on the disk of $ROOT/ear; this check needs about $NEEDED_MB MB"
fi

# 1. Build what is missing.
if [ ! -f "$EAR" ] || [ ! -f "$LAUNCHER" ]; then
    log "building (ear or launcher missing): ./mvnw -q -B -DskipTests install"
    ./mvnw -q -B -DskipTests install
fi
[ -f "$EAR" ] || fail "no $EAR after the build"
[ -f "$LAUNCHER" ] || fail "no $LAUNCHER after the build"

# 2. Fresh work folder; copies of the EAR and the launcher so a concurrent build cannot swap them.
rm -rf "$WORK"
WORK_FRESH=1
mkdir -p "$WORK/asadmin-home" "$WORK/launcher"
cp "$EAR" "$WORK/humane.ear"
cp "$LAUNCHER" "$WORK/launcher/"
cp -r "$ROOT/launcher/target/lib" "$WORK/launcher/lib"

VERSION=$(sed -n 's:.*<payara.version>\(.*\)</payara.version>.*:\1:p' pom.xml | head -1)
[ -n "$VERSION" ] || fail "no <payara.version> in pom.xml"
log "Payara Server $VERSION from Maven Central (fish.payara.distributions:payara:$VERSION:zip)"
./mvnw -q -B -N dependency:copy "-Dartifact=fish.payara.distributions:payara:$VERSION:zip" \
    "-DoutputDirectory=$WORK"
ZIP="$WORK/payara-$VERSION.zip"
[ -f "$ZIP" ] || fail "dependency:copy did not produce $ZIP"
if command -v unzip >/dev/null 2>&1; then
    unzip -q "$ZIP" -d "$WORK"
else
    (cd "$WORK" && jar xf "$ZIP")   # the JDK's jar keeps no file modes: restore the executables
    chmod +x "$PAYARA"/bin/* "$PAYARA"/glassfish/bin/* "$PAYARA"/glassfish/lib/nadmin "$PAYARA"/mq/bin/*
fi
rm -f "$ZIP"
[ -x "$PAYARA/bin/asadmin" ] || fail "no $PAYARA/bin/asadmin in the zip"

# 3. A domain of its own on PORTBASE (admin +48, HTTP +80, HTTPS +81, IIOP +37..39, JMS +76,
#    Hazelcast +49/+59), every listener bound to 127.0.0.1; the JMX connector (+86) is off (bound
#    to 127.0.0.1 it logs a SEVERE NotBoundException at every stop-domain).
t=$(now)
timeout --foreground 120 "${ASADMIN[@]}" create-domain --portbase "$PORTBASE" --nopassword "$DOMAIN" \
    > "$WORK/create-domain.log" 2>&1 || { cat "$WORK/create-domain.log" >&2; fail "create-domain"; }
T_CREATE=$(secs "$t")
DOMAIN_XML="$DOMAIN_DIR/config/domain.xml"
sed -i \
    -e 's|address="0\.0\.0\.0"|address="127.0.0.1"|g' \
    -e 's|<jmx-connector |<jmx-connector enabled="false" |' \
    -e 's|<network-listener port=|<network-listener address="127.0.0.1" port=|' \
    -e 's|\(<jms-host [^>]*\)host="localhost"|\1host="127.0.0.1"|' \
    -e 's|<hazelcast-runtime-configuration |<hazelcast-runtime-configuration das-bind-address="127.0.0.1" interface="127.0.0.1" cluster-group-name="humane-ear-verify" |' \
    -e 's|<jvm-options>-Xmx512m</jvm-options>|&<jvm-options>-Dhazelcast.socket.bind.any=false</jvm-options><jvm-options>-Dhazelcast.phone.home.enabled=false</jvm-options>|' \
    -e 's|-Djavax.net.ssl.trustStore=${com.sun.aas.instanceRoot}/config/cacerts.p12|-Djavax.net.ssl.trustStore=${java.home}/lib/security/cacerts|' \
    -e '/<config name="server-config">/a <phone-home-runtime-configuration enabled="false"></phone-home-runtime-configuration>' \
    -e '/<config name="server-config">/a <jms-service default-jms-host="default_JMS_host" type="EMBEDDED"><jms-host port="${JMS_PROVIDER_PORT}" name="default_JMS_host" host="127.0.0.1"></jms-host></jms-service>' \
    "$DOMAIN_XML"
grep -q 'address="127.0.0.1" port="'"$HTTP_PORT"'"' "$DOMAIN_XML" || fail "could not bind the HTTP listener to 127.0.0.1"
if grep -q 'address="0\.0\.0\.0"' "$DOMAIN_XML"; then fail "a listener still binds 0.0.0.0 in $DOMAIN_XML"; fi
if grep -q 'config/cacerts\.p12' "$DOMAIN_XML"; then fail "the domain still trusts its own copy of the authorities"; fi

# 4. The database: embedded PostgreSQL 16 of the launcher, in our folder, on DB_PORT.
log "starting PostgreSQL 16 on 127.0.0.1:$DB_PORT"
env -u DB_URL -u DB_USER -u DB_PASSWORD -u DB_MIGRATION_USER -u DB_MIGRATION_PASSWORD \
    HUMANE_HOME="$DB_HOME" HUMANE_DB_PORT="$DB_PORT" \
    java -jar "$WORK/launcher/humane-launcher.jar" database --env-file "$DB_ENV_FILE" \
    > "$DB_LOG" 2>&1 < /dev/null &
DB_PID=$!
DB_STARTED=1
env_complete() {
    [ -s "$DB_ENV_FILE" ] && [ "$(tail -c1 "$DB_ENV_FILE" | od -An -c | tr -d ' ')" = '\n' ] || return 1
    local key
    for key in DB_URL DB_USER DB_PASSWORD DB_MIGRATION_USER DB_MIGRATION_PASSWORD; do
        grep -q "^$key=." "$DB_ENV_FILE" || return 1
    done
}
for _ in $(seq 1 120); do
    env_complete && break
    kill -0 "$DB_PID" 2>/dev/null || fail "the database launcher exited (see $DB_LOG)"
    sleep 1
done
env_complete || fail "no database environment in $DB_ENV_FILE after 120 s"
# Each line exported whole: IFS='=' read key value would drop a value's trailing "=" (base64 padding).
while IFS= read -r line; do
    case "${line%%=*}" in
        DB_URL|DB_USER|DB_PASSWORD|DB_MIGRATION_USER|DB_MIGRATION_PASSWORD) export "$line" ;;
    esac
done < "$DB_ENV_FILE"
log "database ready: $DB_URL (runtime role $DB_USER, owner role $DB_MIGRATION_USER)"

# 5. Start the domain as an operator would: DB_* and the production keys in its environment, and no
#    APP_ENV at all (production is the default; MicroProfile Config reads the server's environment).
while IFS= read -r line; do
    case "${line%%=*}" in
        JWT_SIGNING_KEYS|FERNET_KEYS|HMAC_KEY) export "$line" ;;
    esac
done < <(java -jar "$WORK/launcher/humane-launcher.jar" generate-keys)
[ -n "${JWT_SIGNING_KEYS:-}" ] && [ -n "${FERNET_KEYS:-}" ] && [ -n "${HMAC_KEY:-}" ] || fail "generate-keys printed no keys"
# The SAML service provider's key and certificate (S6), which production also requires, made as the README says.
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=humane-sp" \
    -keyout "$WORK/sp-key.pem" -out "$WORK/sp-certificate.pem" 2> "$WORK/openssl.log" || fail "openssl made no SAML key"
SAML_SP_KEY=$(cat "$WORK/sp-key.pem")
SAML_SP_CERTIFICATE=$(cat "$WORK/sp-certificate.pem")
export SAML_SP_KEY SAML_SP_CERTIFICATE
# The https origin clients reach, which production requires (O5). A loopback address: the certificate probe's
# handshake to it is refused by the production guard before any connection, and nothing leaves the machine.
export PUBLIC_BASE_URL=https://127.0.0.1
log "start-domain $DOMAIN (admin 127.0.0.1:$ADMIN_PORT, HTTP 127.0.0.1:$HTTP_PORT), APP_ENV unset"
t=$(now)
DOMAIN_STARTED=1
env -u APP_ENV timeout --foreground 240 "${ASADMIN[@]}" start-domain "$DOMAIN" \
    || fail "start-domain"
T_START=$(secs "$t")
SERVER_PID=$(server_pid)
[ -n "$SERVER_PID" ] || fail "start-domain succeeded but no server process runs from $DOMAIN_DIR"
log "domain started in ${T_START} s (PID $SERVER_PID)"

# 6. Without APP_ENV the EAR is production: it never migrates at boot, so on this empty database the
#    deployment must fail and name the schema (development would have migrated and started).
log "deploy $WORK/humane.ear on an unmigrated database: production must refuse it"
if timeout --foreground "$DEPLOY_TIMEOUT" "${REMOTE[@]}" deploy --name "$APP" "$WORK/humane.ear" > "$WORK/refused-deploy.log" 2>&1; then
    cat "$WORK/refused-deploy.log" >&2
    fail "the EAR deployed without APP_ENV on an unmigrated database: production is not the default"
fi
grep -q "Refusing to start: .*Database schema is at version" "$SERVER_LOG" \
    || fail "the refused deployment did not name the schema in $SERVER_LOG"
if grep -q "Refusing to start: .*\(_KEY\|_CERTIFICATE\)" "$SERVER_LOG"; then fail "the keys given were not read"; fi
log "refused as production: $(grep -o 'Database schema is at version[^;]*' "$SERVER_LOG" | head -1)"

log "humane migrate (the operator's command, as the owner role)"
java -jar "$WORK/launcher/humane-launcher.jar" migrate || fail "humane migrate"
# A deployment that failed leaves the server's web container half started ("This web container has not
# yet been started" on the next one, measured): restart the domain, as an operator would.
# The application serves its own OpenAPI contract at /openapi; Payara's endpoint would shadow it with an
# altered copy (payara-config/pre-boot-commands.asadmin does the same on Payara Micro).
timeout --foreground 60 "${REMOTE[@]}" set-openapi-configuration --enabled=false --virtualServers=no-payara-openapi \
    || fail "set-openapi-configuration"
timeout --foreground 120 "${ASADMIN[@]}" stop-domain "$DOMAIN" || fail "stop-domain after the refusal"
env -u APP_ENV timeout --foreground 240 "${ASADMIN[@]}" start-domain "$DOMAIN" || fail "start-domain after migrating"
SERVER_PID=$(server_pid)
[ -n "$SERVER_PID" ] || fail "no server process after the restart"

log "deploy $WORK/humane.ear (timeout ${DEPLOY_TIMEOUT} s)"
t=$(now)
timeout --foreground "$DEPLOY_TIMEOUT" "${REMOTE[@]}" deploy --name "$APP" "$WORK/humane.ear" || fail "deploy"
T_DEPLOY=$(secs "$t")
RSS_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")
log "deployed in ${T_DEPLOY} s; domain RSS ${RSS_KB} kB"
exposed=$(non_loopback_listeners "$SERVER_PID" | sort -u | tr '\n' ' ') || fail "could not list the domain's sockets"
[ -z "$exposed" ] || fail "the domain listens beyond loopback: $exposed"
log "every TCP listener of the domain is on loopback"
# Hazelcast's phone-home (on by default) posts to phonehome.hazelcast.com at the member's start and daily.
# Each output is read whole before it is matched: under pipefail, a grep -q that stops at its match ends the
# pipeline with the writer's SIGPIPE, and a present option read as missing (seen once in CI).
jvm_options=$(tr '\0' '\n' < "/proc/$SERVER_PID/cmdline")
grep -qx -- '-Dhazelcast.phone.home.enabled=false' <<< "$jvm_options" \
    || fail "the domain's JVM runs with Hazelcast's phone-home on"
log "Hazelcast's phone-home is off"
# Outbound TLS (webhook receivers, identity providers, LLM providers) trusts the certificate authorities of the JDK
# the domain runs on, not the copy in the domain's config, frozen at Payara's release (N3).
server_java_home=$(dirname "$(dirname "$(readlink -f "/proc/$SERVER_PID/exe")")")
grep -qx -- "-Djavax.net.ssl.trustStore=$server_java_home/lib/security/cacerts" <<< "$jvm_options" \
    || fail "the domain's outbound TLS does not trust its JDK's certificate authorities: $(grep -- '-Djavax.net.ssl.trustStore=' <<< "$jvm_options")"
[ -s "$server_java_home/lib/security/cacerts" ] || fail "no $server_java_home/lib/security/cacerts"
log "outbound TLS trusts the JDK's certificate authorities"
# Payara's own phone-home (on by default) sends a GET to www.payara.fish at the start and daily.
phone_home=$("${REMOTE[@]}" list-phone-home 2>&1) || fail "list-phone-home"
grep -q "Phone Home Service is disabled" <<< "$phone_home" || fail "Payara's phone-home is on"
log "Payara's phone-home is off"

# 7. Readiness: HTTP 200, status UP, checks "database" and "schema".
t=$(now)
deadline=$(( $(date +%s) + READY_TIMEOUT ))
ready=0
for _ in $(seq 1 $((READY_TIMEOUT / 2 + 1))); do
    if http_get /health/ready && [ "$STATUS" = 200 ] \
            && grep -Eq '^\{[[:space:]]*"status"[[:space:]]*:[[:space:]]*"UP"' <<<"$BODY"; then
        ready=1
        break
    fi
    [ "$(date +%s)" -lt "$deadline" ] || break
    kill -0 "$SERVER_PID" 2>/dev/null || fail "the domain process $SERVER_PID died"
    sleep 2
done
[ "$ready" = 1 ] || fail "/health/ready not UP within ${READY_TIMEOUT} s (last: HTTP ${STATUS:-none} ${BODY:-})"
T_READY=$(secs "$t")
log "GET /health/ready -> $STATUS $BODY"
for check in database schema; do
    grep -Eq '"name"[[:space:]]*:[[:space:]]*"'"$check"'"' <<<"$BODY" || fail "/health/ready has no check named \"$check\""
done

# 8. The web module, the authentication mechanism and the problem mapping: 401 problem+json; the rate limit's grid.
http_get /api/v1/engines || fail "GET /api/v1/engines: no answer"
content_type=$(grep -i '^content-type:' <<<"$HEADERS" | head -1 | cut -d: -f2- | tr -d ' ' || true)
log "GET /api/v1/engines (no credentials) -> $STATUS, Content-Type: $content_type"
[ "$STATUS" = 401 ] || fail "GET /api/v1/engines without credentials answered $STATUS, expected 401: $BODY"
case "$content_type" in
    application/problem+json*) ;;
    *) fail "GET /api/v1/engines 401 has Content-Type '$content_type', expected application/problem+json" ;;
esac
# The rate limiter counts in Payara Server's data grid (@Resource(lookup = "payara/Hazelcast")): the answers carry
# the count, and it goes down request by request (three, so that a minute boundary between them cannot hide it).
remaining() { grep -i '^ratelimit:' <<<"$HEADERS" | sed -n 's/.*;r=\([0-9]*\);.*/\1/p' | head -1; }
first_remaining=$(remaining)
[ -n "$first_remaining" ] || fail "the 401 carries no RateLimit header: $HEADERS"
http_get /api/v1/engines && http_get /api/v1/engines || fail "GET /api/v1/engines: no answer"
last_remaining=$(remaining)
[ -n "$last_remaining" ] && [ "$last_remaining" -lt "$first_remaining" ] \
    || fail "the data grid's count did not go down: RateLimit r=$first_remaining, then r=${last_remaining:-none}"
log "RateLimit counted in the data grid: r=$first_remaining, two requests later r=$last_remaining"

# 9. The contract at /openapi is the application's own document, not Payara's.
http_get /openapi || fail "GET /openapi: no answer"
[ "$STATUS" = 200 ] && grep -q '^openapi: 3\.0\.3$' <<<"$BODY" && grep -q 'operationId: createEngine$' <<<"$BODY" \
    || fail "GET /openapi is not the application's contract: HTTP $STATUS $(printf '%s' "$BODY" | head -c 200)"
log "GET /openapi -> 200, the application's own contract"

# 10. Undeploy and stop, checking that each step works.
t=$(now)
timeout --foreground 120 "${REMOTE[@]}" undeploy "$APP" || fail "undeploy"
timeout --foreground 120 "${ASADMIN[@]}" stop-domain "$DOMAIN" || fail "stop-domain"
DOMAIN_STARTED=0
for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
if kill -0 "$SERVER_PID" 2>/dev/null; then fail "domain process $SERVER_PID still alive 30 s after stop-domain"; fi
stop_database
T_STOP=$(secs "$t")

PASSED=1
WARNINGS=$(grep -c -E '^\[[^]]*\] \[[^]]*\] \[(WARNING|SEVERE)\]' "$SERVER_LOG" || true)
cat <<EOF

== EAR on Payara Server $VERSION: all checks passed
   create-domain         ${T_CREATE} s
   start-domain          ${T_START} s
   deploy                ${T_DEPLOY} s
   ready after deploy    ${T_READY} s
   undeploy+stop         ${T_STOP} s
   domain RSS (deployed) ${RSS_KB} kB ($((RSS_KB / 1024)) MB)
   total                 $(secs "$T0") s
   server.log            $SERVER_LOG ($WARNINGS WARNING/SEVERE records)
EOF
