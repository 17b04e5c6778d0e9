#!/usr/bin/env bash
# A throwaway Redis for a test run (the shared output cache of several app instances).
#   tests/redis.sh start DIR   installs Debian's redis-server when missing, starts it on a free loopback port with its
#                              files in DIR and prints its connection string (host:port)
#   tests/redis.sh stop DIR    stops it and deletes DIR
set -euo pipefail
command=${1:?start or stop}
dir=${2:?a folder for the server}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

case "$command" in
  start)
    if ! command -v redis-server >/dev/null 2>&1; then
      echo "Installing redis-server ..." >&2
      if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >&2
      else
        sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >&2
      fi
    fi
    mkdir -p "$dir"
    port=$(free_port)
    # No persistence: a cache for one test run.
    redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir "$dir" \
      --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >&2
    for _ in $(seq 1 100); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "127.0.0.1:$port"
        exit 0
      fi
      sleep 0.1
    done
    cat "$dir/redis.log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$dir/redis.pid" ]; then
      kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
