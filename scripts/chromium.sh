#!/usr/bin/env bash
# Debian's chromium for the console's browser tests (tests/web, marker `browser`).
# Playwright drives it through executable_path=/usr/bin/chromium; `playwright install`
# is never run (it downloads a browser build, which this project does not use).
#   scripts/chromium.sh          install chromium when missing; print its path
# Idempotent; exits non-zero only when chromium is missing and cannot be installed.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
say() { echo "chromium.sh: $*" >&2; }

if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" != 0 ]; then
    say "$CHROMIUM is missing and installing it needs root"
    exit 1
  fi
  say "installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
fi
"$CHROMIUM" --version >&2 2>/dev/null || true
echo "$CHROMIUM"
