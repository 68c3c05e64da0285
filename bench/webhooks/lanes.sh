#!/usr/bin/env bash
# The same webhook benchmark (run.sh) twice in one go, with the per-endpoint concurrency at its default and at
# the senders' width, so the two settings meet the same machine within minutes (#16). run.sh prints the load
# average before each run: on a shared machine the numbers are only comparable beside it.
set -euo pipefail
cd "$(dirname "$0")/../.."
for lanes in ${LANES:-2 16}; do
  echo "== WEBHOOKS_ENDPOINT_CONCURRENCY=$lanes"
  WEBHOOKS_ENDPOINT_CONCURRENCY=$lanes bash bench/webhooks/run.sh
done
