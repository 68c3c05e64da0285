#!/usr/bin/env bash
# Regenerates the console's screenshots in docs/screenshots from the browser tests (a real headless Chromium),
# compressed. Needs Debian's chromium, chromium-driver and pngquant (apt-get install chromium chromium-driver pngquant).
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -o verify -pl web -am -Dit.test='ConsoleIT,ConsoleSsoIT,ConsoleAccountIT' -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
for shot in sign-in sign-in-options webhook-monitor api-key-shown-once audit-log end-user sso-settings second-factor-enrol second-factor-step plan privacy; do
  pngquant --force --quality 60-85 --strip --output "docs/screenshots/$shot.png" "web/target/screenshots/$shot.png"
done
ls -l docs/screenshots/*.png
