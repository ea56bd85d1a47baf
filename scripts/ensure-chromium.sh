#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright's own browser download cannot
# work here). Install it when it is missing and we can (root); otherwise say what to do.
set -euo pipefail
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The browser tests need Chromium at $CHROMIUM." >&2
echo "Install it as root:  apt-get install -y chromium   (or set CHROMIUM=/path/to/chromium)" >&2
exit 1
