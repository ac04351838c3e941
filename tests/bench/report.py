#!/usr/bin/env python3
"""Prints the benchmark table of compare.sh: time and peak memory per
workload and tool, the ratios to Sanxian on 2 cores, and whether the
answers (piece counts, planar areas and lengths) agree to 1e-6 relative."""
import json
import sys
from collections import defaultdict
from pathlib import Path

results, bench_dir = Path(sys.argv[1]), Path(sys.argv[2])
rows = defaultdict(dict)  # (scale, workload) -> tool -> (seconds, value)
for line in results.read_text().splitlines():
    scale, workload, tool, seconds, value = (line.split("\t") + [""] * 5)[:5]
    rows[(scale, workload)][tool] = (float(seconds), value)


# The layers each workload reads (what PostGIS must load for it).
LAYERS_READ = {
    "audit": ["redline_2022", "redline_2023"],
    "mines_redline": ["mining", "redline_2023"],
    "mines_reserves": ["mining", "reserves"],
    "reserves_reserves": ["reserves"],
    "shoreline": ["shoreline"],
}


def sanxian_answer(scale, workload):
    """The figures Sanxian's summary gives for a workload, as a list of numbers."""
    path = bench_dir / scale / f"out_{workload}.json"
    if not path.exists():
        return None
    checks = json.loads(path.read_text()).get("checks", [])
    if not checks or "summary" not in checks[0]:
        return None
    s = checks[0]["summary"]
    if workload.startswith(("mines", "reserves")):
        return [s["pieces"], s["planar_overlap_area_m2"]]
    if workload == "audit":
        return [s["planar_removed_area_m2"], s["planar_added_area_m2"]]
    if workload == "shoreline":
        return [s["planar_total_length_m"], s["planar_protected_length_m"]]
    return None


def agree(ours, theirs):
    if ours is None or not theirs:
        return "-"
    try:
        values = [float(v) for v in theirs.split()]
    except ValueError:
        return "?"
    if len(values) != len(ours):
        return "?"
    worst = max(abs(a - b) / max(abs(b), 1e-12) for a, b in zip(ours, values))
    return "yes" if worst <= 1e-6 else f"NO ({worst:.1e})"


print(f"{'scale':5} {'workload':18} {'1 core s':>9} {'2 cores s':>9} {'peak MB':>8} "
      f"{'PostGIS s':>9} {'×':>6} {'PG+file s':>9} {'×':>6} {'QGIS s':>8} {'×':>6}  same answer (PostGIS / to file / QGIS)")
for (scale, workload), tools in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1])):
    if workload.startswith("load_"):
        continue
    one = tools.get("sanxian_1c", (float("nan"), ""))
    two = tools.get("sanxian_2c", (float("nan"), ""))
    pg = tools.get("postgis")
    qg = tools.get("qgis")
    peak = float(two[1]) / 1024 if two[1] else float("nan")
    ours = sanxian_answer(scale, workload)
    pg_file = tools.get("postgis_export")

    def with_load(timed):  # PostGIS's whole-check time includes loading the layers it reads
        if not timed:
            return None
        if workload == "load":
            return timed[0]
        loads = [rows.get((scale, f"load_{layer}"), {}).get("postgis") for layer in LAYERS_READ[workload]]
        return timed[0] + sum(l[0] for l in loads if l)

    cols = [f"{scale:5} {workload:18} {one[0]:9.2f} {two[0]:9.2f} {peak:8.0f}"]
    for total in (with_load(pg), with_load(pg_file)):
        cols.append(f"{total:9.2f} {total / two[0]:6.1f}" if total else f"{'-':>9} {'-':>6}")
    cols.append(f"{qg[0]:8.2f} {qg[0] / two[0]:6.1f}" if qg else f"{'-':>8} {'-':>6}")
    answers = [agree(ours, t[1] if t else "") for t in (pg, pg_file, qg)]
    cols.append(" " + " / ".join(answers))
    print(" ".join(cols))
scales = sorted({s for s, _ in rows})
if "M" in scales and "L" in scales:
    for workload in sorted({w for _, w in rows if not w.startswith("load_")}):
        m, l = rows.get(("M", workload), {}), rows.get(("L", workload), {})
        if "sanxian_2c" in m and "sanxian_2c" in l:
            print(f"L / M time, {workload}: {l['sanxian_2c'][0] / m['sanxian_2c'][0]:.1f}×")
