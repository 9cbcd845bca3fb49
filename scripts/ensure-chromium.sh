#!/usr/bin/env bash
# Runs before `npm test` (the pretest script). The dashboard tests drive
# Debian's chromium through playwright-core, which never downloads a browser
# of its own: install the distribution's package when it is missing.
set -euo pipefail
path="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$path" ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    as_root=(env)
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n env)
  else
    as_root=()
  fi
  if [ ${#as_root[@]} -gt 0 ]; then
    echo "pretest: installing chromium with apt-get (the dashboard tests need it)" >&2
    "${as_root[@]}" apt-get update -qq
    "${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    [ -x "$path" ] && exit 0
  fi
fi

echo "pretest: the tests need Chromium at $path. Install it (Debian/Ubuntu: sudo apt-get install chromium) or point CHROMIUM_PATH at one." >&2
exit 1
