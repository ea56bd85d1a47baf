#!/usr/bin/env bash
# The stage's node tests (make test-js) need Node.js 18 or newer: Debian's nodejs when it is
# missing and we can install it (root); otherwise say what to do.
set -euo pipefail
if command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 18 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's nodejs for the stage's tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null
  exit 0
fi
echo "The stage's tests need Node.js 18 or newer (node --test)." >&2
echo "Install it as root:  apt-get install -y nodejs" >&2
exit 1
