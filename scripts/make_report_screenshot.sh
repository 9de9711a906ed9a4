#!/usr/bin/env bash
# Render the demo report and photograph its top for the README (needs Debian's chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
.venv/bin/psoas-track demo --out "$out" >/dev/null
chromium --headless --no-sandbox --disable-gpu --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$(mktemp -d)" --window-size=1000,1900 \
  --screenshot=docs/images/weekly_report.png "$out"/*.html
echo "wrote docs/images/weekly_report.png"
