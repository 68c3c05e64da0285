#!/usr/bin/env bash
# O3: backup and restore times (the database part of the RTO) and sizes for a realistic data set, on an
# embedded PostgreSQL 16 of its own in a temporary folder, with a key pair made by gpg as an operator would.
set -euo pipefail
cd "$(dirname "$0")/../.."
TENANTS=${TENANTS:-200}
work=$(mktemp -d /tmp/humane-bench-backup.XXXXXX)
trap 'rm -rf "$work"' EXIT
# Never `install` here: package builds the launcher and copies its libraries beside it.
[ -d launcher/target/lib ] || ./mvnw -q -B -DskipTests package -pl launcher -am
export GNUPGHOME="$work/gnupg"; mkdir -m 700 "$GNUPGHOME"
gpg --batch --passphrase bench --quick-generate-key "Humane bench <bench@example.test>" rsa3072 encr never 2>/dev/null
gpg --armor --export bench@example.test > "$work/public.asc"
gpg --batch --pinentry-mode loopback --passphrase bench --armor --export-secret-keys bench@example.test > "$work/secret.asc"
java -cp "launcher/target/humane-launcher.jar:launcher/target/lib/*" bench/backup/BackupRestore.java \
  "$work" "$work/public.asc" "$work/secret.asc" bench "$TENANTS"
