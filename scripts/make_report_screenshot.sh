#!/usr/bin/env bash
# Render the demo report, photograph its top and its printed first page for the README
# (needs Debian's chromium and poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
.venv/bin/psoas-track demo --pdf --out "$out" >/dev/null
chromium --headless --no-sandbox --disable-gpu --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$(mktemp -d)" --window-size=1000,1900 \
  --screenshot=docs/images/weekly_report.png "$out"/*.html
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$out"/*.pdf docs/images/report_page1
echo "wrote docs/images/weekly_report.png and docs/images/report_page1.png"
