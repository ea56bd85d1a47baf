#!/usr/bin/env bash
# The one-file walk is also opened in Firefox (tests/e2e/test_offline.py), Debian's firefox-esr
# driven over WebDriver BiDi (Playwright's own Firefox cannot be downloaded here). Install it
# when it is missing and we can (root); otherwise say what to do.
set -euo pipefail
FIREFOX=${FIREFOX:-/usr/bin/firefox-esr}
if [ -x "$FIREFOX" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's firefox-esr for the one-file walk's test..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr >/dev/null
  exit 0
fi
echo "The one-file walk's Firefox test needs firefox-esr at $FIREFOX." >&2
echo "Install it as root:  apt-get install -y firefox-esr   (or set FIREFOX=/path/to/firefox)" >&2
exit 1
