#!/usr/bin/env bash
# Regenerates the console's screenshots from ConsoleIT (a real headless Chromium) and compresses them.
# Needs Debian's chromium, chromium-driver and pngquant (apt-get install chromium chromium-driver pngquant).
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -o verify -pl web -am -Dit.test=ConsoleIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dconsole.screenshots="$PWD/docs/screenshots"
for shot in docs/screenshots/*.png; do
  pngquant --force --skip-if-larger --quality 60-85 --strip --output "$shot" "$shot" || true
done
ls -l docs/screenshots/*.png
