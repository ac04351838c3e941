#!/usr/bin/env python3
"""Prints the benchmark table of compare.sh, like for like: Sanxian
computing only vs PostGIS load + query, Sanxian writing the GeoPackage only
vs PostGIS load + query + GeoPackage and vs QGIS, and Sanxian's full
default set vs its GeoPackage only; peak memory; whether the answers (piece
counts, planar areas and lengths) agree to 1e-6 relative, and whether
Sanxian's figures are the same whatever formats it writes."""
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


def same_figures(scale, workload):
    """Whether the summaries of the GeoPackage-only, compute-only and full runs agree (check folders aside)."""
    summaries = []
    for suffix in ("", "_none", "_full"):
        path = bench_dir / scale / f"out_{workload}{suffix}.json"
        if not path.exists():
            return "-"
        checks = json.loads(path.read_text()).get("checks", [])
        summaries.append([{k: v for k, v in c.items() if k != "folder"} for c in checks])
    return "yes" if all(s == summaries[0] for s in summaries) else "NO"


def seconds(tools, tool):
    return tools[tool][0] if tool in tools else float("nan")


def ratio(theirs, ours):
    return f"{theirs / ours:6.1f}" if theirs and ours == ours and ours > 0 else f"{'-':>6}"


print("Like for like (2 cores unless said; × = their time / ours, full/gpkg = our full set / our GeoPackage only):")
print(f"{'scale':5} {'workload':18} {'none s':>7} {'PostGIS':>8} {'×':>6} {'gpkg 1c':>8} {'gpkg s':>7} {'PG+file':>8} {'×':>6} "
      f"{'QGIS s':>7} {'×':>6} {'full s':>7} {'full/gpkg':>9} {'peak MB':>8}  same answer (PostGIS / to file / QGIS), same figures for every --formats")
for (scale, workload), tools in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1])):
    if workload.startswith("load_"):
        continue
    none, gpkg1, gpkg, full = (seconds(tools, t) for t in ("sanxian_none_2c", "sanxian_1c", "sanxian_2c", "sanxian_full_2c"))
    two = tools.get("sanxian_2c", (float("nan"), ""))
    peak = float(two[1]) / 1024 if two[1] else float("nan")
    pg, pg_file, qg = tools.get("postgis"), tools.get("postgis_export"), tools.get("qgis")
    ours = sanxian_answer(scale, workload)

    def with_load(timed):  # PostGIS's whole-check time includes loading the layers it reads
        if not timed:
            return None
        if workload == "load":
            return timed[0]
        loads = [rows.get((scale, f"load_{layer}"), {}).get("postgis") for layer in LAYERS_READ[workload]]
        return timed[0] + sum(l[0] for l in loads if l)

    pg_total, pg_file_total = with_load(pg), with_load(pg_file)
    cols = [f"{scale:5} {workload:18} {none:7.2f}"]
    cols.append(f"{pg_total:8.2f} {ratio(pg_total, none)}" if pg_total else f"{'-':>8} {'-':>6}")
    cols.append(f"{gpkg1:8.2f} {gpkg:7.2f}")
    cols.append(f"{pg_file_total:8.2f} {ratio(pg_file_total, gpkg)}" if pg_file_total else f"{'-':>8} {'-':>6}")
    cols.append(f"{qg[0]:7.2f} {ratio(qg[0], gpkg)}" if qg else f"{'-':>7} {'-':>6}")
    cols.append(f"{full:7.2f} {full / gpkg:9.2f} {peak:8.0f}")
    answers = [agree(ours, t[1] if t else "") for t in (pg, pg_file, qg)]
    cols.append(" " + " / ".join(answers) + ", " + same_figures(scale, workload))
    print(" ".join(cols))
scales = sorted({s for s, _ in rows})
if "M" in scales and "L" in scales:
    for workload in sorted({w for _, w in rows if not w.startswith("load_")}):
        m, l = rows.get(("M", workload), {}), rows.get(("L", workload), {})
        if "sanxian_2c" in m and "sanxian_2c" in l:
            print(f"L / M time, {workload}: {l['sanxian_2c'][0] / m['sanxian_2c'][0]:.1f}×")
