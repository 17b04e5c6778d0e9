#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for a test run.
#   tests/postgresql.sh start DIR   installs Debian's postgresql when missing, creates a cluster in DIR on a free loopback
#                                   port and prints its connection string
#   tests/postgresql.sh stop DIR    stops that cluster and deletes DIR
# initdb refuses to run as root: as root the cluster belongs to the postgres user (made by the Debian package).
set -euo pipefail
command=${1:?start or stop}
dir=${2:?a folder for the cluster}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/sh -c "$*"
  else
    sh -c "$*"
  fi
}

server_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

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
    if [ -z "$(server_bin)" ]; then
      echo "Installing postgresql ..." >&2
      if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
      else
        sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
      fi
    fi
    bin=$(server_bin)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    port=$(free_port)
    as_owner "'$bin/initdb' -D '$dir/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync" >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # A cluster for tests only: no durability (fsync off) and room for the racing tests' connections.
    as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start" >&2 \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Include Error Detail=true"
    ;;
  stop)
    bin=$(server_bin)
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop" >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
