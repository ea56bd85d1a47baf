#!/usr/bin/env bash
# Serve the app from several Streamlit processes behind nginx with sticky sessions
# (deploy/nginx.conf, deploy/README.md), and a redis-server that holds the rooms of a live class
# for every replica. Stays in the foreground; Ctrl-C or TERM stops all.
#
#   bash deploy/run.sh                       # http://127.0.0.1:8080, two replicas on 8501, 8502
#   PORT=9000 REPLICAS=4 bash deploy/run.sh  # one replica per core on a 4-core machine
#   BIND=0.0.0.0 bash deploy/run.sh          # reachable from the class network
#   bash deploy/run.sh --server.disconnectedSessionTTL=30   # extra options go to every replica
#
# Environment: PORT (8080), BIND (127.0.0.1), REPLICAS (2), REPLICA_PORTS (default: REPLICAS
# consecutive ports from 8501), PYTHON (default: the project's .venv, installed like `make run`
# does), NGINX (nginx on PATH), RUNTIME_DIR (default: a fresh temp dir, removed on exit; a
# given one is kept: logs/, nginx.conf and replica-N.pid are there), HEALTH_TIMEOUT (90 s),
# REDIS_PORT (6390; Redis listens on loopback only), REDIS_URL (an existing Redis instead: then
# none is started here).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PORT=${PORT:-8080}
BIND=${BIND:-127.0.0.1}
REPLICAS=${REPLICAS:-2}
if [ -z "${REPLICA_PORTS:-}" ]; then
  REPLICA_PORTS=$(seq -s ' ' 8501 $((8500 + REPLICAS)))
fi
read -r -a ports <<<"$REPLICA_PORTS"
HEALTH_TIMEOUT=${HEALTH_TIMEOUT:-90}

bash "$ROOT/deploy/ensure-nginx.sh"  # installs Debian's nginx as root, else says what to install
REDIS_PORT=${REDIS_PORT:-6390}
own_redis=0
if [ -z "${REDIS_URL:-}" ]; then
  own_redis=1
  bash "$ROOT/deploy/ensure-redis.sh"
  REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server || echo /usr/bin/redis-server)}
fi
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

# The replicas run the project's own venv, created and filled like `make run` does.
if [ -z "${PYTHON:-}" ]; then
  make -C "$ROOT" --no-print-directory -s .venv/.runtime
  PYTHON="$ROOT/.venv/bin/python"
fi

if [ -n "${RUNTIME_DIR:-}" ]; then
  RUN=$RUNTIME_DIR
  keep_run=1
else
  RUN=$(mktemp -d "${TMPDIR:-/tmp}/backprop-deploy.XXXXXX")
  keep_run=0
fi
mkdir -p "$RUN/logs" "$RUN/tmp"
# Started as root, nginx's workers run as `nobody`: they must be able to reach tmp/.
chmod 755 "$RUN"

replica_pids=()  # by replica index (0-based); a restarted replica gets its new pid here
nginx_pid=""
redis_pid=""
stopping=0
cleanup() {
  [ "$stopping" = 1 ] && return
  stopping=1
  local pids=(${nginx_pid:+"$nginx_pid"} "${replica_pids[@]}" ${redis_pid:+"$redis_pid"})
  echo "Stopping nginx and ${#replica_pids[@]} replicas..."
  # TERM everywhere: nginx's graceful QUIT would wait for every open websocket to close, i.e.
  # for every student to close the tab; Streamlit's TERM handler shuts its server down.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 100); do  # 10 s, then whatever is left is killed
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ "$keep_run" = 1 ] || rm -rf "$RUN"
}
trap 'cleanup; exit 0' INT TERM HUP  # Ctrl-C, kill, a closed terminal
trap 'cleanup' EXIT

healthy() {  # URL: true when Streamlit's health endpoint answers "ok"
  "$PYTHON" -c 'import sys, urllib.request; sys.exit(urllib.request.urlopen(sys.argv[1], timeout=2).read() != b"ok")' \
    "$1" 2>/dev/null
}

wait_healthy() {  # NAME URL PID LOG
  local deadline=$((SECONDS + HEALTH_TIMEOUT))
  until healthy "$2"; do
    if ! kill -0 "$3" 2>/dev/null; then
      echo "$1 exited while starting; the end of $4:" >&2
      tail -n 20 "$4" >&2 || true
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$1 not healthy after ${HEALTH_TIMEOUT}s ($2); see $4" >&2
      exit 1
    fi
    sleep 0.3
  done
}

# The rooms of a live class: one Redis for every replica. Its append-only file (fsync on every
# write) lets a Redis that died come back with every room and every count, and no answer twice.
redis_started=0
start_redis() {
  mkdir -p "$RUN/redis"
  "$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --protected-mode yes --save "" \
    --appendonly yes --appendfsync always --dir "$RUN/redis" >>"$RUN/logs/redis.log" 2>&1 &
  redis_pid=$!
  redis_started=$SECONDS
  echo "$redis_pid" >"$RUN/redis.pid"
  local deadline=$((SECONDS + 20))
  until "$PYTHON" -c 'import redis, sys; redis.Redis(port=int(sys.argv[1]), socket_connect_timeout=0.5).ping()' \
    "$REDIS_PORT" 2>/dev/null; do
    if ! kill -0 "$redis_pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      echo "redis-server did not start on port $REDIS_PORT; see $RUN/logs/redis.log" >&2
      tail -n 20 "$RUN/logs/redis.log" >&2 || true
      exit 1
    fi
    sleep 0.1
  done
}
if [ "$own_redis" = 1 ]; then
  start_redis
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
fi

replica_started=()
start_replica() {  # INDEX (0-based), then the extra options for streamlit
  local i=$1
  shift
  # Loopback only: students reach the replicas through nginx, never directly, or they would
  # bypass the affinity cookie. No file watcher: nobody edits the code of a running class.
  "$PYTHON" -m streamlit run streamlit_app.py \
    --server.headless=true --server.address=127.0.0.1 --server.port="${ports[$i]}" \
    --server.fileWatcherType=none --browser.gatherUsageStats=false "$@" \
    >>"$RUN/logs/replica-$((i + 1)).log" 2>&1 &
  replica_pids[i]=$!
  replica_started[i]=$SECONDS
  echo "$!" >"$RUN/replica-$((i + 1)).pid"
}

cd "$ROOT"
for i in "${!ports[@]}"; do start_replica "$i" "$@"; done

# nginx.conf with this run's listen address and one `server` line per replica, each a copy of
# the first one between the markers with its port changed; everything else as committed.
awk -v listen="$BIND:$PORT" -v ports="${ports[*]}" '
  /^ *# replicas:begin$/ { print; inside = 1; next }
  /^ *# replicas:end$/   {
    n = split(ports, p, " ")
    for (i = 1; i <= n; i++) { line = first; sub(/:[0-9]+/, ":" p[i], line); print line }
    inside = 0
  }
  inside                 { if (first == "" && $1 == "server") first = $0; next }
  /^ *listen /           { sub(/listen [^;]*;/, "listen " listen ";") }
  { print }' "$ROOT/deploy/nginx.conf" >"$RUN/nginx.conf"
"$NGINX" -t -q -p "$RUN/" -e logs/error.log -c "$RUN/nginx.conf"

for i in "${!ports[@]}"; do
  wait_healthy "replica $((i + 1))" "http://127.0.0.1:${ports[$i]}/_stcore/health" "${replica_pids[$i]}" \
    "$RUN/logs/replica-$((i + 1)).log"
done

"$NGINX" -p "$RUN/" -e logs/error.log -c "$RUN/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
host=$BIND
[ "$host" = "0.0.0.0" ] && host=127.0.0.1
wait_healthy nginx "http://$host:$PORT/_stcore/health" "$nginx_pid" "$RUN/logs/error.log"

echo "Ready: http://$BIND:$PORT  (replicas on ${ports[*]}, class rooms in $REDIS_URL, runtime dir $RUN). Ctrl-C stops all."

# Supervise. A replica that dies is started again: meanwhile nginx sends its students to the
# others (they get a new session, restored from the address). nginx dying, or a replica dying
# within 15 s of its (re)start (it never got going), ends the deployment rather than loop on a broken setup.
set +e
while true; do
  done_pid=""
  wait -n -p done_pid
  status=$?
  if [ -n "$redis_pid" ] && [ "$done_pid" = "$redis_pid" ]; then
    if [ $((SECONDS - redis_started)) -lt 5 ]; then  # it could not even start: a broken setup
      echo "redis-server exited (status $status) soon after its start; stopping. See $RUN/logs/redis.log" >&2
      exit 1
    fi
    echo "redis-server exited (status $status); starting it again (its rooms come back from its log)." >&2
    start_redis
    continue
  fi
  if [ "$done_pid" = "$nginx_pid" ]; then
    echo "nginx exited (status $status); stopping the replicas. See $RUN/logs/error.log" >&2
    exit 1
  fi
  for i in "${!replica_pids[@]}"; do
    [ "${replica_pids[$i]}" = "$done_pid" ] || continue
    if [ $((SECONDS - replica_started[i])) -lt 15 ]; then  # it could not even start: a broken setup
      echo "replica $((i + 1)) exited (status $status) soon after its start; stopping. See $RUN/logs/replica-$((i + 1)).log" >&2
      exit 1
    fi
    echo "replica $((i + 1)) exited (status $status); starting it again." >&2
    start_replica "$i" "$@"
  done
done
