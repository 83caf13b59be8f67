#!/usr/bin/env bash
# A private PostgreSQL server for NetSpace's store tests and the claim benchmark: its own data folder,
# an unprivileged owner, 127.0.0.1 only, a port of its own, password authentication.
#   scripts/pg-test-server.sh start DIR [PORT]   initdb (first time) and start; writes DIR/url (postgres://… with the password)
#   scripts/pg-test-server.sh restart DIR        stop (fast) and start again on the same port
#   scripts/pg-test-server.sh stop DIR           stop
# Runs the server as the invoking user, or as 'postgres' (Debian's package user) when invoked as root.
# PG_FSYNC=off (default on) trades durability for speed in tests.
set -euo pipefail
cmd=${1:?usage: pg-test-server.sh start|stop|restart DIR [PORT]}
dir=${2:?usage: pg-test-server.sh start|stop|restart DIR [PORT]}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "pg-test-server: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 2
fi
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
ctl() { as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" "$@"; }

case $cmd in
  start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      port=${3:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)))}
      password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
      [ "$(id -u)" = 0 ] && chown postgres "$dir"
      umask 077
      printf '%s\n' "$password" > "$dir/pwfile"
      [ "$(id -u)" = 0 ] && chown postgres "$dir/pwfile"
      as_owner "$bin/initdb" -D "$dir/data" -U netspace --pwfile="$dir/pwfile" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C >/dev/null
      rm -f "$dir/pwfile"
      printf '%s\n' "$port" > "$dir/port"
      printf 'postgres://netspace:%s@127.0.0.1:%s/postgres\n' "$password" "$port" > "$dir/url"
      [ "$(id -u)" = 0 ] && chown postgres "$dir/port" "$dir/url"
    fi
    port=$(cat "$dir/port")
    ctl -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=${PG_FSYNC:-on} -c max_connections=200" start >/dev/null
    echo "postgres on 127.0.0.1:$port (data $dir/data)"
    ;;
  restart)
    port=$(cat "$dir/port")
    ctl -w -m fast -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=${PG_FSYNC:-on} -c max_connections=200" restart >/dev/null
    ;;
  stop)
    ctl -w -m fast stop >/dev/null
    ;;
  *)
    echo "pg-test-server: unknown command '$cmd' (start, stop, restart)" >&2
    exit 2
    ;;
esac
