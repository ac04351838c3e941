#!/usr/bin/env bash
# Optional (needs QGIS: apt-get install qgis; ctest adds it only when
# qgis_process is found): headless QGIS loads the plugin from the source
# tree, `qgis_process list` shows the sanxian algorithms, and
# `qgis_process run sanxian:overlap` on the sample gives the same pieces and
# areas as `sanxian overlap --json`; every other algorithm runs on the sample
# and gives the command's headline figures.
# usage: test_qgis_process.sh QGIS_PROCESS PLUGINS_DIR SANXIAN SAMPLE_DATA_DIR
set -euo pipefail
qgis_process=$1 plugins=$2 sanxian=$3 data=$4
tmp=$(mktemp -d /tmp/sanxian-qgis-process.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Debian's /usr/bin/qgis_process is a wrapper adding $QGIS_OPTS from
# /etc/default/qgis (--noversioncheck), which qgis_process itself refuses
# ("Command --noversioncheck not known!"): run the program behind it.
[ -x "$qgis_process.bin" ] && qgis_process=$qgis_process.bin

# A profile of our own with the plugin enabled; the plugin from the source tree.
mkdir -p "$tmp/config/profiles/default/QGIS"
printf '[PythonPlugins]\nsanxian=true\n' >"$tmp/config/profiles/default/QGIS/QGIS3.ini"
export QGIS_CUSTOM_CONFIG_PATH=$tmp/config QGIS_PLUGINPATH=$plugins SANXIAN_EXE=$sanxian
export QT_QPA_PLATFORM=offscreen LANG=en_US.UTF-8 XDG_RUNTIME_DIR=$tmp
cd "$tmp"

"$qgis_process" plugins >"$tmp/plugins.txt" 2>&1 || true
"$qgis_process" list >"$tmp/list.txt" 2>&1 || { cat "$tmp/list.txt"; fail "qgis_process list"; }
for alg in run audit overlap site shoreline area controllines landuse indicators; do
  grep -q "sanxian:$alg\b" "$tmp/list.txt" || { cat "$tmp/plugins.txt" "$tmp/list.txt"; fail "sanxian:$alg not listed"; }
done

"$qgis_process" --json run sanxian:overlap -- "A=$data/mining.shp" "B=$data/redline_2023.shp" NO_PDF=true "OUTPUT=$tmp/qgis" \
  >"$tmp/qgis.json" 2>"$tmp/qgis.err" || { cat "$tmp/qgis.err" "$tmp/qgis.json"; fail "qgis_process run sanxian:overlap"; }
"$sanxian" overlap --a "$data/mining.shp" --b "$data/redline_2023.shp" --no-pdf -o "$tmp/cli" --json "$tmp/cli.json" >/dev/null

python3 - "$tmp/qgis.json" "$tmp/cli.json" <<'PY'
import json, sys
qgis = json.load(open(sys.argv[1]))["results"]
cli = json.load(open(sys.argv[2]))
for key in ("pieces", "overlap_area_m2", "planar_overlap_area_m2", "prohibited_count", "restricted_count", "notice_count"):
    a, b = qgis[key.upper()], cli[key]
    assert abs(a - b) <= 1e-9 * max(1.0, abs(b)), (key, a, b)
    print("%s: qgis_process %s = sanxian %s" % (key, a, b))
summary = json.loads(qgis["SUMMARY"])
assert summary["pieces"] == cli["pieces"]
PY
ls "$tmp/qgis"/*/*.shp >/dev/null || fail "no result layers written"
# A build without Qt writes no QGIS styles; with Qt every result layer has one.
if [ -n "${SANXIAN_EXPECT_QML:-}" ]; then ls "$tmp/qgis"/*/*.qml >/dev/null || fail "no styled result layers written"; fi

# Every other algorithm on the sample: it runs, and its headline outputs are
# the command's own figures.
d=$data
compare() {  # name "QGIS ARGS" "CLI ARGS" KEY...
  local name=$1 qargs=$2 cargs=$3; shift 3
  # shellcheck disable=SC2086
  "$qgis_process" --json run "sanxian:$name" -- $qargs >"$tmp/$name.qgis.json" 2>"$tmp/$name.err" ||
    { cat "$tmp/$name.err"; fail "qgis_process run sanxian:$name"; }
  # shellcheck disable=SC2086
  "$sanxian" $cargs --json "$tmp/$name.cli.json" >/dev/null || fail "sanxian $cargs"
  python3 - "$tmp/$name.qgis.json" "$tmp/$name.cli.json" "$name" "$@" <<'PY'
import json, sys
qgis = json.load(open(sys.argv[1]))["results"]
cli = json.load(open(sys.argv[2]))
for key in sys.argv[4:]:
    assert qgis[key.upper()] == cli[key], (sys.argv[3], key, qgis[key.upper()], cli[key])
print("%s: %s" % (sys.argv[3], ", ".join("%s %s" % (k, cli[k]) for k in sys.argv[4:])))
PY
}
compare area "INPUT=$d/reserves.shp" "area $d/reserves.shp" feature_count area_m2 planar_area_m2
compare audit "OLD=$d/redline_2022.shp NEW=$d/redline_2023.shp BOUNDARY=$d/townships.shp NO_PDF=true OUTPUT=$tmp/q-audit" \
  "audit --old $d/redline_2022.shp --new $d/redline_2023.shp --boundary $d/townships.shp --no-pdf -o $tmp/c-audit" \
  removed_area_m2 added_area_m2 net_change_m2
compare site "SITE=$d/project_site.shp AGAINST=$d/redline_2023.shp AGAINST=$d/reserves.shp NO_PDF=true OUTPUT=$tmp/q-site" \
  "site $d/project_site.shp --against $d/redline_2023.shp $d/reserves.shp --no-pdf -o $tmp/c-site" site_area_m2 inside_any_layer_area_m2
compare shoreline "LINES=$d/shoreline.shp OCCUPIERS=$d/mining.shp NO_PDF=true OUTPUT=$tmp/q-shore" \
  "shoreline --lines $d/shoreline.shp --occupiers $d/mining.shp --distance 50 --no-pdf -o $tmp/c-shore" total_length_m protection_rate_pct
compare controllines "REDLINE=$d/redline_2023.shp FARMLAND=$d/farmland.shp URBAN=$d/urban_boundary.shp NO_PDF=true OUTPUT=$tmp/q-cl" \
  "controllines --redline $d/redline_2023.shp --farmland $d/farmland.shp --urban $d/urban_boundary.shp --no-pdf -o $tmp/c-cl" \
  pieces total_overlap_area_m2
compare landuse "ZONES=$d/redline_2023.shp LANDUSE=$d/landuse.shp NO_PDF=true OUTPUT=$tmp/q-lu" \
  "landuse --zones $d/redline_2023.shp --landuse $d/landuse.shp --no-pdf -o $tmp/c-lu" total_area_m2 survey_total_class_area_m2
compare indicators "PROJECT=$d/../otog.yaml NO_PDF=true OUTPUT=$tmp/q-ind" "indicators $d/../otog.yaml --no-pdf -o $tmp/c-ind" \
  land_area_m2
"$qgis_process" --json run sanxian:run -- "PROJECT=$d/../otog.yaml" NO_PDF=true "OUTPUT=$tmp/q-run" >"$tmp/run.json" 2>"$tmp/run.err" ||
  { cat "$tmp/run.err"; fail "qgis_process run sanxian:run"; }
[ -f "$tmp/q-run/run_summary.json" ] || fail "sanxian:run wrote no run_summary.json"
echo "qgis_process test passed"
