#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the browser tests (Playwright drives it; it never
# downloads a browser of its own). Installs it with apt-get when running as root.
set -euo pipefail
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests (apt-get install chromium)..."
  if DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
     && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
    [ -x "$CHROMIUM" ] && exit 0
  fi
fi
echo "error: the browser tests need Chromium at $CHROMIUM and it could not be installed." >&2
echo "  On Debian or Ubuntu, as root: apt-get install chromium" >&2
echo "  Elsewhere, install Chromium and set CHROMIUM=/path/to/chromium." >&2
exit 1
