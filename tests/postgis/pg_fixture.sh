#!/usr/bin/env bash
# Starts (or stops) a throw-away PostgreSQL + PostGIS cluster on 127.0.0.1
# for the tests, with a small red-line table in EPSG:4545 holding Chinese
# text. usage: pg_fixture.sh start|stop DATADIR PORT
set -euo pipefail
action=$1 datadir=$2 port=$3
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

# PostgreSQL refuses to run as root; run it as the postgres user then.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $action in
start)
  "$0" stop "$datadir" "$port" >/dev/null 2>&1 || true
  rm -rf "$datadir"
  mkdir -p "$datadir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$datadir"
  as_owner "$bin/initdb" -D "$datadir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$datadir/initdb.log"
  as_owner "$bin/pg_ctl" -D "$datadir/data" -l "$datadir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$datadir" start >/dev/null
  psql() { as_owner /usr/bin/psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"; }
  psql -d postgres -c "CREATE DATABASE sanxian"
  psql -d sanxian <<'SQL'
CREATE EXTENSION postgis;
CREATE TABLE redline (
  id serial PRIMARY KEY,
  hxbh text, hxmc text, gnlx text,
  geom geometry(MultiPolygon, 4545)
);
INSERT INTO redline (hxbh, hxmc, gnlx, geom) VALUES
  ('150624-001', '乌兰镇防风固沙红线', '防风固沙',
   ST_Multi(ST_GeomFromText('POLYGON((400000 4300000,401000 4300000,401000 4301000,400000 4301000,400000 4300000))', 4545))),
  ('150624-002', '苏米图苏木水源涵养红线', '水源涵养',
   ST_Multi(ST_GeomFromText('POLYGON((402000 4300000,402500 4300000,402500 4300500,402000 4300000))', 4545)));
SQL
  echo "PostGIS test cluster on 127.0.0.1:$port"
  ;;
stop)
  if [ -d "$datadir/data" ]; then
    as_owner "$bin/pg_ctl" -D "$datadir/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$datadir"
  ;;
*)
  echo "usage: $0 start|stop DATADIR PORT" >&2
  exit 2
  ;;
esac
