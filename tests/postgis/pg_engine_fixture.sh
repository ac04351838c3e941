#!/usr/bin/env bash
# Starts (or stops) the two throw-away clusters of the PostGIS engine's
# tests: MAIN holds the sample's and the generated S data's layers (ogr2ogr
# from their Shapefiles) and a layer pair partitioned by province; SHARD
# holds one province's partitions, which MAIN reaches through postgres_fdw.
# usage: pg_engine_fixture.sh start|stop DIR MAIN_PORT SHARD_PORT [SAMPLES_DIR GEN_EXE]
set -euo pipefail
action=$1 dir=$2 main=$3 shard=$4
here=$(cd "$(dirname "$0")" && pwd)

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
psql_on() {
  local port=$1; shift
  as_owner /usr/bin/psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d sanxian "$@"
}
load() {  # load SHAPEFILE SCHEMA.TABLE
  ogr2ogr -f PostgreSQL "PG:host=127.0.0.1 port=$main dbname=sanxian user=postgres" "$1" -nln "$2" \
    -lco GEOMETRY_NAME=geom -lco FID=fid -lco SPATIAL_INDEX=GIST -nlt PROMOTE_TO_MULTI
}

case $action in
start)
  samples=$5 gen=$6
  "$here/pg_fixture.sh" start "$dir/main" "$main"
  "$here/pg_fixture.sh" start "$dir/shard" "$shard"
  psql_on "$main" -c "CREATE SCHEMA otog; CREATE SCHEMA gen; CREATE SCHEMA part; CREATE EXTENSION postgres_fdw"
  psql_on "$shard" -c "DROP TABLE redline"
  for layer in mining redline_2023 reserves townships; do load "$samples/$layer.shp" "otog.$layer"; done
  rm -rf "$dir/gen" && "$gen" --scale S --seed 22 --no-project -o "$dir/gen" >/dev/null
  for layer in mining redline_2023 reserves townships; do load "$dir/gen/$layer.shp" "gen.${layer%_2023}"; done

  # The generated pair again, partitioned by a province code: list
  # partitions for the red line, range partitions for the mines, keyed by
  # ogc_fid, unique in each partition (a partitioned table with foreign
  # partitions can have no unique index; GDAL takes ogc_fid as the FID).
  # Province 64 of each lies on SHARD, attached as a foreign partition
  # (postgres_fdw with extensions 'postgis', so that && and the ST_
  # functions are shipped to the shard).
  psql_on "$main" <<SQL
CREATE SERVER shard FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '$shard', dbname 'sanxian', extensions 'postgis');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard OPTIONS (user 'postgres');
-- West (15) or east (64) of the middle of the data.
CREATE TABLE part.split AS SELECT (ST_XMin(e) + ST_XMax(e)) / 2 AS x FROM (SELECT ST_Extent(geom)::geometry AS e FROM gen.redline) s;
SQL
  x=$(psql_on "$main" -At -c "SELECT x FROM part.split")
  psql_on "$main" -c "CREATE FUNCTION part.province(g geometry) RETURNS integer IMMUTABLE LANGUAGE sql AS 'SELECT CASE WHEN ST_X(ST_Centroid(g)) < $x THEN 15 ELSE 64 END'"
  psql_on "$main" <<'SQL'
CREATE TABLE part.redline (province text NOT NULL, LIKE gen.redline) PARTITION BY LIST (province);
ALTER TABLE part.redline RENAME fid TO ogc_fid;
CREATE TABLE part.redline_15 PARTITION OF part.redline FOR VALUES IN ('15');
CREATE TABLE part.mining (province integer NOT NULL, LIKE gen.mining) PARTITION BY RANGE (province);
ALTER TABLE part.mining RENAME fid TO ogc_fid;
CREATE TABLE part.mining_15 PARTITION OF part.mining FOR VALUES FROM (10) TO (20);
SQL
  for t in redline mining; do
    columns=$(psql_on "$main" -At -c "SELECT string_agg(quote_ident(attname) || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'part.$t'::regclass AND attnum > 0 AND NOT attisdropped")
    psql_on "$shard" -c "CREATE TABLE ${t}_64 ($columns, PRIMARY KEY (ogc_fid, province)); CREATE INDEX ON ${t}_64 USING gist (geom)"
    if [ $t = redline ]; then bound="IN ('64')"; else bound="FROM (60) TO (70)"; fi
    psql_on "$main" -c "CREATE FOREIGN TABLE part.${t}_64 PARTITION OF part.$t FOR VALUES $bound SERVER shard OPTIONS (schema_name 'public', table_name '${t}_64')"
    psql_on "$main" -c "CREATE INDEX ON part.${t}_15 USING gist (geom); ALTER TABLE part.${t}_15 ADD PRIMARY KEY (ogc_fid)"
    # Rows of 15 locally; those of 64 copied straight to the shard (an
    # INSERT through the foreign partition would do too, row by row).
    psql_on "$main" -c "INSERT INTO part.${t}_15 SELECT 15, r.* FROM gen.$t r WHERE part.province(r.geom) = 15"
    psql_on "$main" -c "COPY (SELECT 64, r.* FROM gen.$t r WHERE part.province(r.geom) = 64) TO STDOUT" | psql_on "$shard" -c "COPY ${t}_64 FROM STDIN"
    psql_on "$shard" -c "ANALYZE ${t}_64"
  done
  psql_on "$main" -c "ANALYZE"
  # A copy for the test that kills the overlay's connection: tests run side
  # by side, and the others' connections must live.
  as_owner /usr/bin/psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$main" -U postgres -d postgres -c "CREATE DATABASE sanxian_lost TEMPLATE sanxian"
  echo ok
  ;;
stop)
  "$here/pg_fixture.sh" stop "$dir/main" "$main"
  "$here/pg_fixture.sh" stop "$dir/shard" "$shard"
  rm -rf "$dir"
  ;;
esac
