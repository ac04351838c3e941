#!/usr/bin/env python3
"""Packs a Shapefile into one fuzz seed: four little-endian u32 lengths
(shp, shx, dbf, cpg) and the files' bytes.  pack.py IN.shp OUT.seed"""
import struct, sys, pathlib

shp = pathlib.Path(sys.argv[1])
parts = []
for ext in (".shp", ".shx", ".dbf", ".cpg"):
    f = shp.with_suffix(ext)
    parts.append(f.read_bytes() if f.exists() else b"")
pathlib.Path(sys.argv[2]).write_bytes(struct.pack("<4I", *map(len, parts)) + b"".join(parts))
