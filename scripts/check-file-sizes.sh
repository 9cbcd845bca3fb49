#!/usr/bin/env bash
# One idea per file: no source file under src/ may pass 200 lines (tests included).
set -euo pipefail
cd "$(dirname "$0")/.."
too_long=$(find src -name '*.ts' -print0 | xargs -0 wc -l | awk '$2 != "total" && $1 > 200 { print "  " $2 " (" $1 " lines)" }')
if [ -n "$too_long" ]; then
  echo "files over 200 lines (split them by idea):"
  echo "$too_long"
  exit 1
fi
