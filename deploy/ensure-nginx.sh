#!/usr/bin/env bash
# deploy/run.sh and `make load` need nginx (Debian's package: open-source features only).
# Install it when it is missing and we can (root); otherwise say what to do.
set -euo pipefail
if [ -n "${NGINX:-}" ] && [ -x "$NGINX" ]; then
  exit 0
fi
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's nginx for deploy/..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  exit 0
fi
echo "deploy/ needs nginx (not found on PATH or at /usr/sbin/nginx)." >&2
echo "Install it as root:  apt-get install -y nginx   (or set NGINX=/path/to/nginx)" >&2
exit 1
