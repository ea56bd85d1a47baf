#!/usr/bin/env bash
# deploy/run.sh (rooms of a live class shared by every replica) and the tests of the Redis hub
# need Debian's redis-server. Install it when it is missing and we can (root); otherwise say what to do.
set -euo pipefail
if [ -n "${REDIS_SERVER:-}" ] && [ -x "$REDIS_SERVER" ]; then
  exit 0
fi
if command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's redis-server for the live class across replicas..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  # Debian's package starts a system-wide server on 6379; deploy/ and the tests start their own.
  (command -v systemctl >/dev/null 2>&1 && systemctl disable --now redis-server >/dev/null 2>&1) || true
  exit 0
fi
echo "The live class across replicas needs redis-server (not found on PATH)." >&2
echo "Install it as root:  apt-get install -y redis-server   (or set REDIS_SERVER=/path/to/redis-server)" >&2
exit 1
