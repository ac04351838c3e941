#!/usr/bin/env bash
# National scale: time and peak memory of Sanxian in memory and tiled, at a
# province (L) and at four provinces across zones (XL), and whether the
# answers agree. Run by hand, never in CI:
#
#   tests/bench/national.sh [L] [XL]            (default: L XL)
#   LIMITS=memory tests/bench/national.sh XL    (only the in-memory rows)
#   WORKLOADS=audit tests/bench/national.sh L   (only the audit)
#   MAX_RSS_GB=18 tests/bench/national.sh XL    (stop a run whose memory passes 18 GiB; the default)
#
# For each scale: generates the data (sanxian-gen, seed 1) into
# $BENCH_DIR/<scale> unless it is there, then times two workloads as whole
# commands (reading, overlay, measuring, writing the GeoPackage only):
#   audit          sanxian audit, red line 2022 vs 2023
#   mines_redline  sanxian overlap, mining licences × red line 2023
# each with three memory limits:
#   memory   --memory-limit 0 (everything in memory)
#   1G       --memory-limit 1G (tiled)
#   default  no option (the default limit, a share of the machine's memory)
# and prints a table (scale, workload, limit, seconds, peak MiB, pieces,
# total ellipsoidal area) with the ratios issue 22's goals name: tiled /
# in-memory time at L (≤ 1.3), XL / L time (≤ 4.5), the peak at XL with the
# default limit (≤ 4 GiB) and at L with 1G (≤ 1.2 GiB). The runs of one
# scale and workload must agree: the same piece count, and the total area to
# 1e-9 relative (from each run's --json); the script exits 1 when not.
#
# Until `sanxian overlap --help` lists --memory-limit, the 1G and default
# rows say "not available" and the memory rows run without the option.
# Each run's output and phase times (SANXIAN_TIMING) stay in
# $BENCH_DIR/out_<scale>_<workload>_<limit>.log.
# L is in EPSG:4545; XL in EPSG:4490 (geographic, as national data comes),
# which Sanxian moves into the zone of its centre (EPSG:4546): XL's times
# include that. Needs build/ (Release) and /usr/bin/time (Debian package
# `time`; not installed by setup.sh, the benchmark being run by hand).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BUILD=${BUILD:-$ROOT/build}
BENCH_DIR=${BENCH_DIR:-/tmp/national-bench}
LIMITS=${LIMITS:-memory 1G default}
WORKLOADS=${WORKLOADS:-audit mines_redline}
MAX_RSS_GB=${MAX_RSS_GB:-18}
SCALES=("$@")
[ $# -eq 0 ] && SCALES=(L XL)
SANXIAN=$BUILD/src/cli/sanxian
GEN=$BUILD/tools/gen/sanxian-gen
RESULTS=$BENCH_DIR/national.tsv

[ -x /usr/bin/time ] || { echo "/usr/bin/time missing: apt-get install time (setup.sh leaves it out: the benchmark is run by hand)" >&2; exit 2; }
for exe in "$SANXIAN" "$GEN"; do [ -x "$exe" ] || { echo "$exe missing: build first (cmake --build build --target sanxian sanxian-gen)" >&2; exit 2; }; done
mkdir -p "$BENCH_DIR"
# Rows of the scales, workloads and limits run now are replaced; the
# others' are kept, so L and XL can be run one at a time and still give
# one table.
if [ -f "$RESULTS" ]; then
  kept=$(mktemp)
  awk -F'\t' -v scales=" ${SCALES[*]} " -v workloads=" $WORKLOADS " -v limits=" $LIMITS " \
    '!(index(scales, " " $1 " ") && index(workloads, " " $2 " ") && index(limits, " " $3 " "))' "$RESULTS" >"$kept"
  mv "$kept" "$RESULTS"
fi

TILED=yes
"$SANXIAN" overlap --help 2>&1 | grep -q -- --memory-limit || TILED=no
[ "$TILED" = no ] && echo "sanxian has no --memory-limit yet: the 1G and default rows are not available" >&2

# Runs a command under /usr/bin/time with its output in LOG, stopping it
# when its resident memory passes MAX_RSS_GB; prints "seconds peak_kB
# status" (ok, failed or stopped_over_…; a stopped run's seconds are
# ">elapsed" and its peak the limit).
measure() {
  local log=$1 timing=$BENCH_DIR/time.txt cap_kb=$((MAX_RSS_GB * 1024 * 1024)) pid child rss stopped=""
  shift
  rm -f "$timing"
  local start
  start=$(date +%s.%N)
  /usr/bin/time -f "%e %M" -o "$timing" "$@" >"$log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    child=$(awk '{ print $1 }' "/proc/$pid/task/$pid/children" 2>/dev/null || true)  # /usr/bin/time's child
    if [ -n "$child" ]; then
      rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$child/status" 2>/dev/null || echo 0)
      if [ -z "$stopped" ] && [ "${rss:-0}" -gt "$cap_kb" ]; then
        kill "$child" 2>/dev/null || true
        stopped=">$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')"
      fi
    fi
    sleep 1
  done
  if wait "$pid"; then
    echo "$(cat "$timing") ok"
  elif [ -n "$stopped" ]; then
    echo "$stopped $cap_kb stopped_over_${MAX_RSS_GB}GiB"
  else
    echo "FAILED: $*" >&2
    tail -5 "$log" >&2
    echo "$(tail -1 "$timing" 2>/dev/null | grep -E '^[0-9.]+ [0-9]+$' || echo '- -') failed"
  fi
}

# The piece count and total ellipsoidal area of a command's JSON summary.
answer() {
  python3 - "$1" "$2" <<'EOF'
import json, sys
summary, workload = json.load(open(sys.argv[1])), sys.argv[2]
if workload == "audit":
    kinds = ("removed", "added", "function_changed")
    print(sum(summary[k + "_pieces"] for k in kinds), repr(sum(summary[k + "_area_m2"] for k in kinds)))
else:
    print(summary["pieces"], repr(summary["overlap_area_m2"]))
EOF
}

for scale in "${SCALES[@]}"; do
  dir=$BENCH_DIR/$scale
  if [ ! -f "$dir/project.yaml" ]; then
    echo "== generating $scale"
    read -r secs kb status < <(measure "$BENCH_DIR/gen_$scale.log" "$GEN" --scale "$scale" --seed 1 -o "$dir")
    [ "$status" = ok ] || exit 1
    echo "   $secs s, $(du -sh "$dir" | cut -f1)"
  fi
  for workload in $WORKLOADS; do
    for limit in $LIMITS; do
      case $limit in
        memory) option=(--memory-limit 0) ;;
        default) option=() ;;
        *) option=(--memory-limit "$limit") ;;
      esac
      if [ "$TILED" = no ]; then
        [ "$limit" = memory ] || { printf '%s\t%s\t%s\t-\t-\t-\t-\tnot available\n' "$scale" "$workload" "$limit" >>"$RESULTS"; continue; }
        option=()
      fi
      out=$BENCH_DIR/out_${scale}_${workload}_$limit
      rm -rf "$out" "$out.json" "$out.log"
      echo "== $scale $workload ($limit)"
      if [ "$workload" = audit ]; then
        command=(audit --old "$dir/redline_2022.shp" --new "$dir/redline_2023.shp")
      else
        command=(overlap --a "$dir/mining.shp" --b "$dir/redline_2023.shp")
      fi
      # SANXIAN_TIMING: each phase's time (load, harmonize, engine, writing) in the run's log.
      read -r secs kb status < <(SANXIAN_TIMING=1 measure "$out.log" "$SANXIAN" "${command[@]}" --min-piece-area 0 -o "$out" --json "$out.json" --formats gpkg "${option[@]}")
      pieces=- area=-
      [ "$status" = ok ] && read -r pieces area < <(answer "$out.json" "$workload")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scale" "$workload" "$limit" "$secs" "$kb" "$pieces" "$area" "$status" >>"$RESULTS"
    done
  done
done

python3 - "$RESULTS" <<'EOF'
import sys
rows = {}
for line in open(sys.argv[1]).read().splitlines():
    scale, workload, limit, secs, kb, pieces, area, status = line.split("\t")
    rows[(scale, workload, limit)] = dict(secs=secs, kb=kb, pieces=pieces, area=area, status=status)

def num(row, key):
    try:
        return float(row[key])
    except (KeyError, ValueError):
        return None

print(f"{'scale':<5} {'workload':<14} {'limit':<8} {'seconds':>8} {'peak MiB':>9} {'pieces':>9} {'total area m2':>22}  status")
for (scale, workload, limit), r in sorted(rows.items(), key=lambda kv: (kv[0][0] != "L", kv[0][1], ["memory", "1G", "default"].index(kv[0][2]) if kv[0][2] in ("memory", "1G", "default") else 9)):
    mib = f"{float(r['kb']) / 1024:.0f}" if num(r, "kb") is not None else "-"
    area = f"{float(r['area']):.3f}" if num(r, "area") is not None else "-"
    print(f"{scale:<5} {workload:<14} {limit:<8} {r['secs']:>8} {mib:>9} {r['pieces']:>9} {area:>22}  {r['status']}")

def ratio(a, b):
    return f"{a / b:.2f}" if a is not None and b else "n/a"

print()
failed = False
for workload in ("audit", "mines_redline"):
    mem = rows.get(("L", workload, "memory"), {})
    for limit in ("1G", "default"):
        print(f"{workload:<14} L tiled ({limit}) / in memory time: {ratio(num(rows.get(('L', workload, limit), {}), 'secs'), num(mem, 'secs'))}  (goal ≤ 1.3)")
    for limit in ("memory", "1G", "default"):
        print(f"{workload:<14} XL / L time ({limit}): {ratio(num(rows.get(('XL', workload, limit), {}), 'secs'), num(rows.get(('L', workload, limit), {}), 'secs'))}  (goal ≤ 4.5)")
    xl = num(rows.get(("XL", workload, "default"), {}), "kb")
    l1 = num(rows.get(("L", workload, "1G"), {}), "kb")
    print(f"{workload:<14} XL peak, default limit: {ratio(xl, 4 * 1024 * 1024)} of 4 GiB;  L peak, 1G: {ratio(l1, 1.2 * 1024 * 1024)} of 1.2 GiB  (goals ≤ 1)")
    # The runs of one scale must give the same answer.
    for scale in ("L", "XL"):
        done = [(limit, r) for (s, w, limit), r in rows.items() if s == scale and w == workload and r["status"] == "ok"]
        if len(done) < 2:
            continue
        ref_limit, ref = done[0]
        for limit, r in done[1:]:
            same = r["pieces"] == ref["pieces"] and abs(float(r["area"]) / float(ref["area"]) - 1) <= 1e-9
            print(f"{workload:<14} {scale} {limit} vs {ref_limit}: {'agree' if same else 'DIFFER'} ({r['pieces']} / {ref['pieces']} pieces)")
            failed |= not same
sys.exit(1 if failed else 0)
EOF
